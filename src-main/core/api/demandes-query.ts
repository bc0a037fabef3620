// The Demandes list as the UI asks for it: search, filters, sorting and the freshness of each
// DLS, over the store's tables (demandes, demandes_fts, blocs, jobs). The store owns the schema;
// this file only reads it, with one SQL statement per combination of filters (cached by the
// store), so that a page of 100 rows over 100,000 DLS stays a few milliseconds.
import type { DemandeResume, ListeDemandesPage, ListeDemandesQuery } from '../api-types.ts';
import type { Bloc } from '../sne/blocs.ts';
import { ftsExpression } from '../store/demandes.ts';
import type { Store } from '../store/open.ts';

interface Row {
  numUnique: string;
  demandeur: string | null;
  tailleMenage: number | null;
  communes: string;
  departements: string;
  statutDalo: string | null;
  active: number;
  dateMouvementMs: number | null;
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

export function listDemandesVue(store: Store, query: ListeDemandesQuery): ListeDemandesPage {
  const { where, params, join } = conditions(query);
  const total = store
    .statement<number>(`SELECT count(*) FROM demandes d ${join} ${where}`)
    .pluck()
    .get(...params) as number;
  const tri = query.tri ?? { colonne: 'dateMouvement', sens: 'desc' };
  const sens = tri.sens === 'asc' ? 'ASC' : 'DESC';
  const rows = store
    .statement<Row>(
      `SELECT d.num_unique AS numUnique, d.demandeur, d.taille_menage AS tailleMenage,
         d.communes, d.departements, d.statut_dalo AS statutDalo, d.active,
         d.date_mouvement_ms AS dateMouvementMs,
         (SELECT min(recupere_ms) FROM blocs b WHERE b.num_unique = d.num_unique) AS recupereMs,
         (SELECT group_concat(bloc) FROM blocs b WHERE b.num_unique = d.num_unique) AS blocs,
         (SELECT group_concat(bloc) FROM jobs j
            WHERE j.num_unique = d.num_unique AND j.etat = 'ECHEC') AS echecs
       FROM demandes d ${join} ${where}
       ORDER BY ${ORDER[tri.colonne]} ${sens} NULLS LAST, d.num_unique ${sens}
       LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit ?? 100, query.offset ?? 0);
  return { total, lignes: rows.map(toResume) };
}

function conditions(query: ListeDemandesQuery): {
  where: string;
  params: unknown[];
  join: string;
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let join = '';
  const match = query.q ? ftsExpression(query.q) : null;
  if (match) {
    join = 'JOIN demandes_fts f ON f.rowid = d.rowid';
    clauses.push('demandes_fts MATCH ?');
    params.push(match);
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
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, join };
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
  return {
    numUnique: r.numUnique,
    demandeur: r.demandeur ?? 'Demandeur non encore récupéré',
    tailleMenage: r.tailleMenage,
    communes: JSON.parse(r.communes) as string[],
    departements: JSON.parse(r.departements) as string[],
    statutDalo: r.statutDalo,
    active: r.active === 1,
    dateMouvement: r.dateMouvementMs === null ? null : new Date(r.dateMouvementMs).toISOString(),
    recupereLe: r.recupereMs === null ? null : new Date(r.recupereMs).toISOString(),
    blocs: (r.blocs?.split(',') ?? []) as Bloc[],
    blocsEnEchec: (r.echecs?.split(',') ?? []) as Bloc[],
  };
}
