// GuichetApi: 3DS reporting and DRM resources. Calls to the SNE use the guichet's certificate
// from the keychain and the SNE address from the settings; extractions and DRM months are kept
// in the cache so that both reopen offline.
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Agent } from 'undici';
import type { GuichetApi } from '../api-types.ts';
import { GuichetError } from '../errors.ts';
import { createDrmClient } from '../sne/drm-client.ts';
import { createReporting3dsClient } from '../sne/reporting3ds-client.ts';
import { createSneAgent, type ClientCertificate } from '../sne/tls.ts';
import { createSlotLimiter } from '../sync/slot-limiter.ts';
import { drmDuCache, fetchDrm, vueDrm } from '../reporting/drm.ts';
import { ressourcesDeclarees } from '../reporting/cache-reporting.ts';
import { exporter3dsXlsx, nomFichier3ds } from '../reporting/export-3ds-xlsx.ts';
import { getExtraction3ds, listExtractions3ds } from '../reporting/extractions-store.ts';
import { loadTableEpci, type TableEpci } from '../reporting/filters-3ds.ts';
import { territoires3ds } from '../reporting/territoires-3ds.ts';
import { controler3ds, extraire3ds, vue3ds } from '../reporting/reporting-3ds.ts';
import type { ApiContext } from './context.ts';

type ReportingMethods =
  | 'getDrm'
  | 'list3dsTerritoires'
  | 'extract3ds'
  | 'list3dsExtractions'
  | 'get3dsExtraction'
  | 'export3ds';

export const EPCI_TABLE_PATH = fileURLToPath(
  new URL('../../../resources/epci-departements.json', import.meta.url),
);

export function reportingApi(
  ctx: ApiContext,
  options: { epciTablePath?: string } = {},
): Pick<GuichetApi, ReportingMethods> {
  const connexion = sneConnexion(ctx);
  const slots = ctx.slots ?? createSlotLimiter(4);
  const logger = ctx.logger.child('reporting');
  let epci: TableEpci | null = null;
  const tableEpci = (): TableEpci =>
    (epci ??= loadTableEpci(options.epciTablePath ?? EPCI_TABLE_PATH));

  return {
    async getDrm(numUnique) {
      const { agent, sneUrl } = await connexion();
      const client = createDrmClient({ sneUrl, agent });
      try {
        return await fetchDrm({ db: ctx.db, client, slots, clock: ctx.clock, logger }, numUnique);
      } catch (error) {
        // Offline: the months already in the cache are still worth showing.
        const cached = isTransient(error) ? drmDuCache(ctx.db, numUnique, ctx.clock.now()) : null;
        if (cached === null) throw error;
        logger.warn('drm served from cache', { reason: (error as GuichetError).code });
        return vueDrm(cached, ressourcesDeclarees(ctx.db, numUnique));
      }
    },

    list3dsTerritoires: (departements) => settle(() => territoires3ds(tableEpci(), departements)),

    async extract3ds(filtres) {
      const { agent, sneUrl } = await connexion();
      const client = createReporting3dsClient({ sneUrl, agent });
      const deps = { client, db: ctx.db, clock: ctx.clock, epci: tableEpci(), logger };
      const extraction = await extraire3ds(deps, filtres);
      return vue3ds(extraction, null).resume;
    },

    list3dsExtractions: () => settle(() => listExtractions3ds(ctx.db)),

    get3dsExtraction: (id) =>
      settle(() => {
        const extraction = getExtraction3ds(ctx.db, id);
        return vue3ds(extraction, controler3ds(extraction, ctx.db));
      }),

    async export3ds(id) {
      const extraction = getExtraction3ds(ctx.db, id);
      const stream = new PassThrough();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      await exporter3dsXlsx(extraction, controler3ds(extraction, ctx.db), { stream });
      return {
        fileName: nomFichier3ds(extraction.filtres, extraction.rapport.dateExtraction),
        base64: Buffer.concat(chunks).toString('base64'),
      };
    },
  };
}

/** One keep-alive agent per certificate, rebuilt when the certificate or the address changes. */
function sneConnexion(ctx: ApiContext): () => Promise<{ agent: Agent; sneUrl: string }> {
  let current: { pfx: Buffer; ca: Buffer | undefined; agent: Agent } | null = null;
  return async () => {
    const { sneUrl, cert } = ctx.connexionSne
      ? await ctx.connexionSne()
      : { sneUrl: ctx.settings.get().sneUrl, cert: await certificatOuErreur(ctx) };
    if (!current || !memes(current.pfx, cert.pfx) || !memes(current.ca, cert.ca)) {
      const previous = current?.agent;
      current = { pfx: cert.pfx, ca: cert.ca, agent: createSneAgent(cert) };
      if (previous) void previous.close().catch(() => undefined);
    }
    return { agent: current.agent, sneUrl };
  };
}

// By content: the CA file is read again on every call.
function memes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

async function certificatOuErreur(ctx: ApiContext): Promise<ClientCertificate> {
  const cert = await ctx.certificates.current();
  if (cert !== null) return cert;
  throw new GuichetError(
    'CERT_ABSENT',
    'Aucun certificat de guichet n’est installé : importez-le dans Paramètres avant d’interroger le SNE.',
  );
}

/** A synchronous read as a promise that rejects, rather than throws, on failure. */
function settle<T>(read: () => T): Promise<T> {
  return new Promise((resolve) => resolve(read()));
}

function isTransient(error: unknown): boolean {
  return error instanceof GuichetError && error.details.transient === true;
}
