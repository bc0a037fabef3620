// Demand summaries (table demandes) and their full-text search. The summary is derived from the
// cerfa and dalo blocks when they are stored, and from GDM for the latest movement date.
import type { Cerfa, Dalo } from '../sne/blocs.ts';
import { departementDeCommune, nomCommune } from './commune-names.ts';
import type { Store } from './open.ts';

export interface DemandeRow {
  numUnique: string;
  demandeur: string | null;
  tailleMenage: number | null;
  communes: string[];
  departements: string[];
  statutDalo: string | null;
  active: boolean;
  dateMouvementMs: number | null;
}

export interface DemandesQuery {
  q?: string;
  limit?: number;
  offset?: number;
}

/** Records the latest GDM movement of a DLS (keeps the newest when replayed). */
export function noteMouvement(store: Store, numUnique: string, dateMouvementMs: number): void {
  noteMouvements(store, [[numUnique, dateMouvementMs]]);
}

const CHUNK = 100;

/** noteMouvement for a whole GDM page, in multi-row statements. */
export function noteMouvements(store: Store, rows: readonly (readonly [string, number])[]): void {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    store
      .statement(
        `INSERT INTO demandes (num_unique, date_mouvement_ms) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
         ON CONFLICT (num_unique) DO UPDATE SET
           date_mouvement_ms = max(coalesce(date_mouvement_ms, 0), excluded.date_mouvement_ms)`,
      )
      .run(...chunk.flat());
  }
}

export function updateFromCerfa(store: Store, cerfa: Cerfa): void {
  const d = cerfa.personnePhysique.demandeur;
  const communes = cerfa.logementRecherche.listeLocalisationSouhaite.map((l) => l.commune);
  const departements = [...new Set(communes.map(departementDeCommune))];
  const texte = communes.map((c) => `${c} ${nomCommune(c) ?? ''}`.trim()).join(' ');
  const taille =
    1 + cerfa.personnePhysique.listePersonneACharge.length + cerfa.listeCotitulaire.length;
  store
    .statement(
      `INSERT INTO demandes (num_unique, demandeur, taille_menage, communes, departements,
         communes_texte, active) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (num_unique) DO UPDATE SET demandeur = excluded.demandeur,
         taille_menage = excluded.taille_menage, communes = excluded.communes,
         departements = excluded.departements, communes_texte = excluded.communes_texte,
         active = excluded.active`,
    )
    .run(
      cerfa.numUnique,
      `${d.nom} ${d.prenom}`,
      taille,
      JSON.stringify(communes),
      JSON.stringify(departements),
      texte,
      cerfa.radiation === null ? 1 : 0,
    );
}

export function updateFromDalo(store: Store, numUnique: string, dalo: Dalo): void {
  store
    .statement(
      `INSERT INTO demandes (num_unique, statut_dalo) VALUES (?, ?)
       ON CONFLICT (num_unique) DO UPDATE SET statut_dalo = excluded.statut_dalo`,
    )
    .run(numUnique, dalo.statutDalo);
}

/** A demandes row as SQLite gives it (JSON arrays as text, booleans as 0/1). */
export interface RawRow {
  numUnique: string;
  demandeur: string | null;
  tailleMenage: number | null;
  communes: string;
  departements: string;
  statutDalo: string | null;
  active: number;
  dateMouvementMs: number | null;
}

const SELECT = `SELECT d.num_unique AS numUnique, d.demandeur, d.taille_menage AS tailleMenage,
  d.communes, d.departements, d.statut_dalo AS statutDalo, d.active,
  d.date_mouvement_ms AS dateMouvementMs FROM demandes d`;

/** Lists demands, newest movement first; `q` searches numbers, names and communes. */
export function listDemandes(store: Store, query: DemandesQuery = {}): DemandeRow[] {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const match = query.q ? ftsExpression(query.q) : null;
  if (!match) {
    return store
      .statement<RawRow>(
        `${SELECT} ORDER BY d.date_mouvement_ms DESC, d.num_unique LIMIT ? OFFSET ?`,
      )
      .all(limit, offset)
      .map(toRow);
  }
  const prefix = numberPrefix(query.q ?? '');
  return store
    .statement<RawRow>(
      `${SELECT} WHERE d.rowid IN (SELECT rowid FROM demandes_fts WHERE demandes_fts MATCH ?)
         OR (d.num_unique >= ? AND d.num_unique < ?)
       ORDER BY d.date_mouvement_ms DESC, d.num_unique LIMIT ? OFFSET ?`,
    )
    .all(match, prefix ?? '~', prefix === null ? '~' : `${prefix}~`, limit, offset)
    .map(toRow);
}

export function countDemandes(store: Store, q?: string): number {
  const match = q ? ftsExpression(q) : null;
  if (!match)
    return store.statement<number>('SELECT count(*) FROM demandes').pluck().get() as number;
  const prefix = numberPrefix(q ?? '');
  return store
    .statement<number>(
      `SELECT count(*) FROM demandes d WHERE d.rowid IN
         (SELECT rowid FROM demandes_fts WHERE demandes_fts MATCH ?)
         OR (d.num_unique >= ? AND d.num_unique < ?)`,
    )
    .pluck()
    .get(match, prefix ?? '~', prefix === null ? '~' : `${prefix}~`) as number;
}

/** A typed start of a DLS number (digits, then maybe the guichet part), upper-cased; else null. */
export function numberPrefix(text: string): string | null {
  const t = text.trim().toUpperCase();
  return /^[0-9AB]{3,}[0-9A-Z]*$/.test(t) && /^[0-9]/.test(t) ? t : null;
}

export function getDemandeRow(store: Store, numUnique: string): DemandeRow | null {
  const row = store.statement<RawRow>(`${SELECT} WHERE d.num_unique = ?`).get(numUnique);
  return row ? toRow(row) : null;
}

function toRow(r: RawRow): DemandeRow {
  return {
    numUnique: r.numUnique,
    demandeur: r.demandeur,
    tailleMenage: r.tailleMenage,
    communes: JSON.parse(r.communes) as string[],
    departements: JSON.parse(r.departements) as string[],
    statutDalo: r.statutDalo,
    active: r.active === 1,
    dateMouvementMs: r.dateMouvementMs,
  };
}

/**
 * Turns what a person typed into an FTS5 query: every word must match as a prefix. Words are
 * quoted so that FTS5 operators typed by accident (AND, -, *) are taken literally.
 */
export function ftsExpression(text: string): string | null {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => `"${w}"*`);
  return words.length > 0 ? words.join(' ') : null;
}
