// The GDM call ledger (table sequences): typed reads and writes. A row is inserted, and
// committed, before the sequence's first page is asked for; the planner reads the starts to keep
// sequences an hour apart even across crashes.
import type { Store } from './open.ts';

export type StatutSequence = 'EN_COURS' | 'TERMINEE' | 'ABANDONNEE' | 'REFUSEE';

export interface SequenceRow {
  id: number;
  filtreCle: string;
  filtres: string;
  depuisMs: number;
  jusqueMs: number | null;
  commenceMs: number;
  incertitudeMs: number;
  termineMs: number | null;
  statut: StatutSequence;
  curseur: string | null;
  curseurMs: number | null;
  pages: number;
  demandes: number;
  nombreTotal: number | null;
  raison: string | null;
}

const COLUMNS = `id, filtre_cle AS filtreCle, filtres, depuis_ms AS depuisMs, jusque_ms AS jusqueMs,
  commence_ms AS commenceMs, incertitude_ms AS incertitudeMs, termine_ms AS termineMs, statut, curseur, curseur_ms AS curseurMs,
  pages, demandes, nombre_total AS nombreTotal, raison`;

export function insertSequence(
  store: Store,
  s: {
    filtreCle: string;
    filtres: string;
    depuisMs: number;
    jusqueMs: number | null;
    commenceMs: number;
    incertitudeMs: number;
  },
): number {
  const result = store
    .statement(
      `INSERT INTO sequences (filtre_cle, filtres, depuis_ms, jusque_ms, commence_ms,
         incertitude_ms, statut) VALUES (?, ?, ?, ?, ?, ?, 'EN_COURS')`,
    )
    .run(s.filtreCle, s.filtres, s.depuisMs, s.jusqueMs, s.commenceMs, s.incertitudeMs);
  return Number(result.lastInsertRowid);
}

export function getSequence(store: Store, id: number): SequenceRow | null {
  return (
    store.statement<SequenceRow>(`SELECT ${COLUMNS} FROM sequences WHERE id = ?`).get(id) ?? null
  );
}

/** The sequence still being paged, if a run stopped in the middle of one. */
export function openSequence(store: Store): SequenceRow | null {
  return (
    store
      .statement<SequenceRow>(
        `SELECT ${COLUMNS} FROM sequences WHERE statut = 'EN_COURS' ORDER BY id DESC LIMIT 1`,
      )
      .get() ?? null
  );
}

export interface SequenceStart {
  commenceMs: number;
  incertitudeMs: number;
}

/** Every sequence that may have reached the server (all but those it refused outright). */
export function sequenceStarts(store: Store, sinceMs: number): SequenceStart[] {
  return store
    .statement<SequenceStart>(
      `SELECT commence_ms AS commenceMs, incertitude_ms AS incertitudeMs FROM sequences
       WHERE statut != 'REFUSEE' AND commence_ms >= ? ORDER BY commence_ms`,
    )
    .all(sinceMs);
}

export function lastSequence(store: Store): SequenceRow | null {
  return (
    store
      .statement<SequenceRow>(
        `SELECT ${COLUMNS} FROM sequences WHERE statut != 'REFUSEE' ORDER BY commence_ms DESC, id DESC LIMIT 1`,
      )
      .get() ?? null
  );
}

export function listSequences(store: Store, limit: number): SequenceRow[] {
  return store
    .statement<SequenceRow>(`SELECT ${COLUMNS} FROM sequences ORDER BY id DESC LIMIT ?`)
    .all(limit);
}

/** Records one stored page: its cursor, the window end the server echoed, the counts. */
export function recordPage(
  store: Store,
  id: number,
  page: {
    curseur: string | null;
    curseurMs: number;
    jusqueMs: number;
    commenceMs: number | null;
    entries: number;
    nombreTotal: number | null;
  },
): void {
  store
    .statement(
      `UPDATE sequences SET curseur = ?, curseur_ms = ?, jusque_ms = ?, pages = pages + 1,
         demandes = demandes + ?, nombre_total = coalesce(?, nombre_total),
         commence_ms = coalesce(?, commence_ms),
         incertitude_ms = CASE WHEN ? IS NULL THEN incertitude_ms ELSE 0 END
       WHERE id = ?`,
    )
    .run(
      page.curseur,
      page.curseurMs,
      page.jusqueMs,
      page.entries,
      page.nombreTotal,
      page.commenceMs,
      page.commenceMs,
      id,
    );
}

export function finishSequence(
  store: Store,
  id: number,
  statut: Exclude<StatutSequence, 'EN_COURS'>,
  termineMs: number,
  raison: string | null = null,
): void {
  store
    .statement(
      `UPDATE sequences SET statut = ?, termine_ms = ?, raison = ?, curseur = NULL WHERE id = ?`,
    )
    .run(statut, termineMs, raison, id);
}

export function countSequencesSince(store: Store, sinceMs: number): number {
  return store
    .statement<number>(
      `SELECT count(*) FROM sequences WHERE statut != 'REFUSEE' AND commence_ms >= ?`,
    )
    .pluck()
    .get(sinceMs) as number;
}

/** The cursor was refused or has expired: the window must start again from its first page. */
export function dropCursor(store: Store, id: number): void {
  store.statement('UPDATE sequences SET curseur = NULL, curseur_ms = NULL WHERE id = ?').run(id);
}
