// `drm NUM`: the DRM resources of one DLS's main applicant (three months, montant net versé,
// DSN or PASRAU, payer) with the resources declared in the cached Cerfa beside them. The SNE's
// refusals (no permanent NIR, identity mismatch, unknown DLS) come out as their French message.
import { parseArgs } from 'node:util';
import type { RessourcesDrmVue } from '../../core/api-types.ts';
import { systemClock } from '../../core/clock.ts';
import { isGuichetError } from '../../core/errors.ts';
import { fetchDrm, vueDrm } from '../../core/reporting/drm.ts';
import { createDrmClient } from '../../core/sne/drm-client.ts';
import { createSlotLimiter } from '../../core/sync/slot-limiter.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import { openCliSne, SNE_OPTIONS } from './cli-sne.ts';

const HELP = `Usage :
  sne-guichet drm NUMERO_UNIQUE [--json] [--sne-url URL] [--pfx FICHIER --passphrase-env VARIABLE]
                  [--ca FICHIER] [--data-dir DOSSIER]

Affiche les ressources DRM des trois derniers mois du demandeur principal (montant net versé,
source DSN ou PASRAU, verseur) et, si la demande est dans le cache, les ressources déclarées.
`;

const NUM_UNIQUE = /^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/;

export const drmCommand: CliCommand = {
  name: 'drm',
  summary: 'Afficher les ressources DRM (3 derniers mois) d’une demande',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...SNE_OPTIONS, help: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out.write(HELP);
      return EXIT.OK;
    }
    const numUnique = positionals[0]?.toUpperCase();
    if (numUnique === undefined || positionals.length > 1 || !NUM_UNIQUE.test(numUnique)) {
      io.err.write(
        `Il faut un numéro unique de 18 caractères (ex. 0690318000123G1104).\n\n${HELP}`,
      );
      return EXIT.USAGE;
    }
    const sne = await openCliSne(values, io);
    try {
      const client = createDrmClient({ sneUrl: sne.sneUrl, agent: sne.agent });
      const vue = await fetchOrExplain(sne, client, numUnique, io);
      if (vue === null) return EXIT.ERREUR;
      io.out.write(values.json ? `${JSON.stringify(vue, null, 2)}\n` : texte(vue));
      return EXIT.OK;
    } finally {
      await sne.close();
    }
  },
};

async function fetchOrExplain(
  sne: Awaited<ReturnType<typeof openCliSne>>,
  client: ReturnType<typeof createDrmClient>,
  numUnique: string,
  io: CliIo,
): Promise<RessourcesDrmVue | null> {
  if (sne.store === null) {
    // Without the cache nothing can be stored: read the SNE's answer and show it as is.
    const drm = await client.getRessourcesDrm(numUnique, { signal: io.signal }).catch(explain(io));
    return drm === null ? null : vueDrm(drm, null);
  }
  const deps = {
    db: sne.store.db,
    client,
    slots: createSlotLimiter(1),
    clock: systemClock,
    logger: sne.logger,
  };
  return fetchDrm(deps, numUnique, io.signal).catch(explain(io));
}

/**
 * The SNE's refusals: its code and the French explanation, exit 1. Other failures (certificate,
 * network) go on to runCli's generic message.
 */
function explain(io: CliIo): (error: unknown) => null {
  return (error) => {
    if (!isGuichetError(error)) throw error;
    const codeSne = error.details.codeSne;
    if (typeof codeSne !== 'string') throw error;
    io.err.write(`Erreur (${codeSne}) : ${error.message}\n`);
    return null;
  };
}

function texte(vue: RessourcesDrmVue): string {
  if (vue.mois.length === 0) return `${vue.numUnique} : le DRM n'a encore aucune ressource.\n`;
  const eur = (n: number | null): string =>
    n === null ? '—' : n.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
  const lines = [`Ressources DRM de ${vue.numUnique} (mise à jour ${vue.dateMiseAJour}) :`];
  for (const m of vue.mois) {
    lines.push(`  ${m.periode}`);
    for (const l of m.lignes) {
      lines.push(
        `    ${l.nature.padEnd(5)} ${l.source.padEnd(6)} ${eur(l.montantNetVerse).padStart(13)}  ${l.declarant ?? ''}`,
      );
    }
    lines.push(
      `    total (montant net versé) ${eur(m.total)} ; déclaré ${eur(m.declare)} ; écart ${eur(m.ecart)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
