// The GDM adapter (GET /api/v1/demandes-mouvementees): the one module that knows GDM's wire
// names. It turns the engine's request into query parameters and the server's JSON into typed
// pages or typed refusals; transport failures come out classified by tls.ts (TLS refusals
// fatal, network hiccups transient).
import type { Agent } from 'undici';
import { z } from 'zod';
import { isoParis } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import { BLOCS, NATURE_BLOC, type Bloc } from './blocs.ts';
import { getJson, sneErreur } from './tls.ts';

export interface GdmFiltres {
  departements: string[];
  communes: string[];
  guichetsExclus: string[];
}

export interface GdmRequete {
  depuisMs: number;
  /** Omitted on a sequence's first page: the server then uses, and echoes, its own now. */
  jusqueMs: number | null;
  filtres: GdmFiltres;
  curseur: string | null;
}

export interface GdmMouvement {
  numUnique: string;
  dateMouvementMs: number;
  /** The blocks that moved; every block when GDM gave no natures. */
  blocs: Bloc[];
}

export interface GdmPage {
  kind: 'page';
  depuisMs: number;
  jusqueMs: number;
  nombreTotal: number | null;
  mouvements: GdmMouvement[];
  curseur: string | null;
}

export type GdmRefusKind =
  | 'frequence' // too many sequences (or a throttle): wait for Retry-After
  | 'indisponible' // maintenance or overload
  | 'curseur' // cursor unknown, expired, or filters changed: restart the window
  | 'profondeur' // depuis too old for the server
  | 'periode' // jusque before depuis, or in the future
  | 'non-habilite' // the guichet may not call GDM
  | 'requete'; // any other refusal of our request

export interface GdmRefus {
  kind: 'refus';
  refus: GdmRefusKind;
  status: number;
  code: string;
  message: string;
  retryAfterMs: number | null;
}

export interface GdmReponse {
  result: GdmPage | GdmRefus;
  /** HTTP Date header, for the server clock. */
  dateHeader: string | undefined;
}

export interface GdmClient {
  getPage(requete: GdmRequete, options?: { signal?: AbortSignal }): Promise<GdmReponse>;
}

const PATH = '/api/v1/demandes-mouvementees';

const pageSchema = z.object({
  depuis: z.string(),
  jusque: z.string(),
  nombreTotal: z.number().int().nonnegative().optional().nullable(),
  demandes: z.array(
    z.object({
      numUnique: z.string().regex(/^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/),
      dateMouvement: z.string(),
      natures: z.array(z.string()).optional().nullable(),
    }),
  ),
  prochainCurseur: z.string().optional().nullable(),
});

/** `sneUrl` is the SNE root (https://host:port); the adapter adds the service path. */
export function createGdmClient(options: {
  sneUrl: string;
  agent: Agent;
  timeoutMs?: number;
}): GdmClient {
  const root = options.sneUrl.replace(/\/+$/, '');
  return {
    async getPage(requete, callOptions = {}) {
      const url = `${root}${PATH}?${queryString(requete)}`;
      const response = await getJson(options.agent, url, {
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        timeoutMs: options.timeoutMs ?? 60_000,
      });
      const dateHeader = header(response.headers, 'date');
      if (response.status === 200) return { result: parsePage(response.body), dateHeader };
      return { result: refusal(response.status, response.body, response.headers), dateHeader };
    },
  };
}

export function queryString(r: GdmRequete): string {
  const params = new URLSearchParams();
  params.set('depuis', isoParis(new Date(r.depuisMs)));
  if (r.jusqueMs !== null) params.set('jusque', isoParis(new Date(r.jusqueMs)));
  for (const d of r.filtres.departements) params.append('departements', d);
  for (const c of r.filtres.communes) params.append('communes', c);
  for (const g of r.filtres.guichetsExclus) params.append('guichetsExclus', g);
  if (r.curseur !== null) params.set('prochainCurseur', r.curseur);
  return params.toString();
}

export function parsePage(body: unknown): GdmPage {
  const parsed = pageSchema.safeParse(body);
  if (!parsed.success) throw invalid('page GDM mal formée');
  const page = parsed.data;
  const depuisMs = Date.parse(page.depuis);
  const jusqueMs = Date.parse(page.jusque);
  if (!Number.isFinite(depuisMs) || !Number.isFinite(jusqueMs))
    throw invalid('dates GDM illisibles');
  const mouvements = page.demandes.map((d) => {
    const dateMouvementMs = Date.parse(d.dateMouvement);
    if (!Number.isFinite(dateMouvementMs)) throw invalid('dateMouvement illisible');
    return { numUnique: d.numUnique, dateMouvementMs, blocs: blocsOf(d.natures) };
  });
  return {
    kind: 'page',
    depuisMs,
    jusqueMs,
    nombreTotal: page.nombreTotal ?? null,
    mouvements,
    curseur: page.prochainCurseur ?? null,
  };
}

/** Natures to blocks; absent, empty or unknown natures mean every block may have moved. */
function blocsOf(natures: string[] | null | undefined): Bloc[] {
  if (!natures || natures.length === 0) return [...BLOCS];
  const blocs = new Set<Bloc>();
  for (const n of natures) {
    const bloc = (NATURE_BLOC as Record<string, Bloc | undefined>)[n];
    if (!bloc) return [...BLOCS];
    blocs.add(bloc);
  }
  return BLOCS.filter((b) => blocs.has(b));
}

const REFUS_BY_CODE: Record<string, GdmRefusKind> = {
  GDM_FREQUENCE_MAX: 'frequence',
  SNE_INDISPONIBLE: 'indisponible',
  GDM_CURSEUR_INVALIDE: 'curseur',
  GDM_PROFONDEUR_MAX: 'profondeur',
  GDM_PERIODE_INVALIDE: 'periode',
  GDM_NON_HABILITE: 'non-habilite',
};

function refusal(
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): GdmRefus {
  const erreur = sneErreur(body) ?? { code: `HTTP_${status}`, message: '' };
  const byStatus: GdmRefusKind =
    status === 429
      ? 'frequence'
      : status === 503
        ? 'indisponible'
        : status === 403
          ? 'non-habilite'
          : 'requete';
  return {
    kind: 'refus',
    refus: REFUS_BY_CODE[erreur.code] ?? byStatus,
    status,
    code: erreur.code,
    message: erreur.message,
    retryAfterMs: retryAfter(header(headers, 'retry-after')),
  };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfter(value: string | undefined, nowMs = Date.now()): number | null {
  if (value === undefined) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalid(detail: string): GuichetError {
  return new GuichetError(
    'SNE_REPONSE_INVALIDE',
    "Le SNE a renvoyé une liste de mouvements illisible. Rien n'a été enregistré ; la fenêtre sera redemandée.",
    { transient: true, detail },
  );
}
