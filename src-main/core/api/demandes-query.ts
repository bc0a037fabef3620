// The Demandes list as the UI asks for it: search, filters, sorting and the freshness of each
// DLS, over the store's tables (demandes, demandes_fts, blocs, jobs). The store owns the schema;
// this file only reads it, with one SQL statement per combination of filters (cached by the
// store), so that a page of 100 rows over 100,000 DLS stays a few milliseconds.
import type { DemandeResume, ListeDemandesPage, ListeDemandesQuery } from '../api-types.ts';
import type { Bloc } from '../sne/blocs.ts';
import { ftsExpression, numberPrefix, type RawRow } from '../store/demandes.ts';
import type { Store } from '../store/open.ts';
import { nomCommune } from '../store/commune-names.ts';

/** The stored row plus what the list adds: freshness, blocks present, blocks failed. */
interface Row extends RawRow {
  recupereMs: number | null;
  blocs: string | null;
  echecs: string | null;
}

const ORDER: Record<NonNullable<ListeDemandesQuery['tri']>['colonne'], string> = {
  numUnique: 'd.num_unique',
  demandeur: 'd.demandeur COLLATE NOCASE',
  dateMouvement: 'd.date_mouvement_ms',
  recupereLe: '(SELECT min(recupere_ms) FROM blocs b WHERE b.num_unique = d.num_unique)',
};

const BROAD = 2000;

export function listDemandesVue(store: Store, query: ListeDemandesQuery): ListeDemandesPage {
  const total = countMatches(store, query);
  const tri = query.tri ?? { colonne: 'dateMouvement', sens: 'desc' };
  const sens = tri.sens === 'asc' ? 'ASC' : 'DESC';
  // A broad search (a letter, a department prefix) matches tens of thousands of DLS: walking
  // the movement-date index (store migration 005) in order and stopping at the page beats
  // sorting every match. A narrow one is
  // faster from its matches, which SQLite picks itself.
  const broad = total > BROAD && tri.colonne === 'dateMouvement';
  const { where, params } = conditions(query);
  const rows = store
    .statement<Row>(
      `SELECT d.num_unique AS numUnique, d.demandeur, d.taille_menage AS tailleMenage,
         d.communes, d.departements, d.statut_dalo AS statutDalo, d.active,
         d.date_mouvement_ms AS dateMouvementMs,
         (SELECT min(recupere_ms) FROM blocs b WHERE b.num_unique = d.num_unique) AS recupereMs,
         (SELECT group_concat(bloc) FROM blocs b WHERE b.num_unique = d.num_unique) AS blocs,
         (SELECT group_concat(bloc) FROM jobs j
            WHERE j.num_unique = d.num_unique AND j.etat = 'ECHEC') AS echecs
       FROM demandes d${broad ? ' INDEXED BY demandes_mouvement' : ''} ${where}
       ORDER BY ${ORDER[tri.colonne]} ${sens}${sens === 'ASC' ? ' NULLS LAST' : ''}, d.num_unique ${sens}
       LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit ?? 100, query.offset ?? 0);
  return { total, lignes: rows.map(toResume) };
}

function countMatches(store: Store, query: ListeDemandesQuery): number {
  const match = query.q ? ftsExpression(query.q) : null;
  const onlySearch = Object.entries(query).every(
    ([k, v]) => v === undefined || ['q', 'tri', 'offset', 'limit'].includes(k),
  );
  // The search alone: the full-text index counts its own matches without touching the rows,
  // plus the numbers it does not hold (no applicant yet: never indexed, so never counted twice).
  if (match && onlySearch) {
    const indexed = store
      .statement<number>('SELECT count(*) FROM demandes_fts WHERE demandes_fts MATCH ?')
      .pluck()
      .get(match) as number;
    const prefix = numberPrefix(query.q ?? '');
    if (prefix === null) return indexed;
    const bare = store
      .statement<number>(
        `SELECT count(*) FROM demandes
         WHERE num_unique >= ? AND num_unique < ? AND demandeur IS NULL`,
      )
      .pluck()
      .get(prefix, `${prefix}~`) as number;
    return indexed + bare;
  }
  const { where, params } = conditions(query);
  return store
    .statement<number>(`SELECT count(*) FROM demandes d ${where}`)
    .pluck()
    .get(...params) as number;
}

function conditions(query: ListeDemandesQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const match = query.q ? ftsExpression(query.q) : null;
  if (match) {
    // The set of matches, built once: SQLite then either walks it or, for a broad search, probes
    // it while walking the date index (a per-row lookup in FTS5 costs far more than this set).
    const fts = 'd.rowid IN (SELECT rowid FROM demandes_fts WHERE demandes_fts MATCH ?)';
    const prefix = numberPrefix(query.q ?? '');
    // The full-text index only holds demands whose Cerfa arrived (migration 005): a number is
    // also found by its beginning before that, as agents look those up too.
    if (prefix === null) clauses.push(fts);
    else clauses.push(`(${fts} OR (d.num_unique >= ? AND d.num_unique < ?))`);
    params.push(match, ...(prefix === null ? [] : [prefix, `${prefix}~`]));
  }
  if (query.departement) {
    // departements and communes are JSON arrays of codes: match the quoted code exactly.
    clauses.push("d.departements LIKE '%' || ? || '%'");
    params.push(JSON.stringify(query.departement));
  }
  if (query.commune) {
    clauses.push("d.communes LIKE '%' || ? || '%'");
    params.push(JSON.stringify(query.commune));
  }
  if (query.statutDalo) {
    clauses.push('d.statut_dalo = ?');
    params.push(query.statutDalo);
  }
  if (query.etat) clauses.push(query.etat === 'ACTIVE' ? 'd.active = 1' : 'd.active = 0');
  if (query.mouvementeDepuis) {
    clauses.push('d.date_mouvement_ms >= ?');
    params.push(startOfParisDay(query.mouvementeDepuis));
  }
  if (query.enEchec) {
    clauses.push(
      "EXISTS (SELECT 1 FROM jobs j WHERE j.num_unique = d.num_unique AND j.etat = 'ECHEC')",
    );
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Midnight in Paris of a 'YYYY-MM-DD' day (or any ISO date-time, taken as is). */
function startOfParisDay(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(value);
  // Paris is UTC+1 or UTC+2: take the later candidate that is still that day in Paris.
  for (const offset of ['+02:00', '+01:00']) {
    const ms = Date.parse(`${value}T00:00:00${offset}`);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(ms);
    if (day === value) return ms;
  }
  return Date.parse(`${value}T00:00:00Z`);
}

function toResume(r: Row): DemandeResume {
  const communes = JSON.parse(r.communes) as string[];
  return {
    numUnique: r.numUnique,
    demandeur: r.demandeur ?? 'Demandeur non encore récupéré',
    tailleMenage: r.tailleMenage,
    communes,
    nomsCommunes: communes.map((c) => nomCommune(c) ?? c),
    departements: JSON.parse(r.departements) as string[],
    statutDalo: r.statutDalo,
    active: r.active === 1,
    dateMouvement: r.dateMouvementMs === null ? null : new Date(r.dateMouvementMs).toISOString(),
    recupereLe: r.recupereMs === null ? null : new Date(r.recupereMs).toISOString(),
    blocs: (r.blocs?.split(',') ?? []) as Bloc[],
    blocsEnEchec: (r.echecs?.split(',') ?? []) as Bloc[],
  };
}
