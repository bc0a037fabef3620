// What GDM said moved and the fetch queue has not yet turned into jobs (table mouvements_recus).
//
// A GDM page is stored with two statements over the whole page: the demand summaries get the
// movement date, and each entry newer than the date already known for its DLS gets one row here
// with the blocks to fetch as a bit set. An entry not newer than the known date changes nothing,
// so replaying a window is a no-op: the SNE gives a DLS at most once per sequence with its latest
// movement, and a later window never shows an older movement than an earlier one did.
//
// The queue expands these rows into jobs (one per DLS and block, with the rule "latest movement
// wins") a few hundred DLS at a time, in one transaction with their deletion: a crash leaves a
// row either here or in the jobs table, never in neither.
import type { Bloc } from '../sne/blocs.ts';
import { blocsMask, blocsOfMask } from './bloc-bits.ts';
import { enqueueJobs } from './jobs.ts';
import type { Store } from './open.ts';

export interface MouvementRecu {
  numUnique: string;
  dateMouvementMs: number;
  /** The blocks whose fetch this movement asks for. */
  aRecuperer: readonly Bloc[];
}

/** Stores one GDM page's entries, in the caller's transaction. */
export function recevoirMouvements(store: Store, page: readonly MouvementRecu[]): void {
  if (page.length === 0) return;
  // Inserting in key order keeps each B-tree's cursor on a few leaves instead of many.
  const rows = page
    .map((m) => [m.numUnique, m.dateMouvementMs, blocsMask(m.aRecuperer)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const json = JSON.stringify(rows);
  // Before the summaries: the comparison is with the date known before this page.
  store
    .statement(
      `INSERT INTO mouvements_recus (num_unique, date_mouvement_ms, a_recuperer)
       SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2 FROM json_each(?) e
       LEFT JOIN demandes d ON d.num_unique = e.value ->> 0
       WHERE e.value ->> 2 > 0
         AND (d.date_mouvement_ms IS NULL OR d.date_mouvement_ms < e.value ->> 1)
       ON CONFLICT (num_unique) DO UPDATE SET
         date_mouvement_ms = max(date_mouvement_ms, excluded.date_mouvement_ms),
         a_recuperer = a_recuperer | excluded.a_recuperer`,
    )
    .run(json);
  store
    .statement(
      `INSERT INTO demandes (num_unique, date_mouvement_ms)
       SELECT e.value ->> 0, e.value ->> 1 FROM json_each(?) e WHERE true
       ON CONFLICT (num_unique) DO UPDATE SET
         date_mouvement_ms = max(coalesce(date_mouvement_ms, 0), excluded.date_mouvement_ms)`,
    )
    .run(json);
}

/**
 * Turns up to `maxDemandes` received rows into jobs, in one transaction of the caller's. Returns
 * the rows taken (0 when none is left).
 */
export function promouvoirMouvements(store: Store, maxDemandes: number): number {
  const rows = store
    .statement<{ numUnique: string; dateMs: number; mask: number }>(
      `SELECT num_unique AS numUnique, date_mouvement_ms AS dateMs, a_recuperer AS mask
       FROM mouvements_recus LIMIT ?`,
    )
    .all(maxDemandes);
  if (rows.length === 0) return 0;
  const jobs: [string, Bloc, number][] = [];
  for (const r of rows)
    for (const bloc of blocsOfMask(r.mask)) jobs.push([r.numUnique, bloc, r.dateMs]);
  enqueueJobs(store, jobs);
  store
    .statement(`DELETE FROM mouvements_recus WHERE num_unique IN (SELECT value FROM json_each(?))`)
    .run(JSON.stringify(rows.map((r) => r.numUnique)));
  return rows.length;
}

/** The blocks of one DLS waiting here, with their movement date. */
export function mouvementRecu(
  store: Store,
  numUnique: string,
): { dateMouvementMs: number; aRecuperer: Bloc[] } | null {
  const row = store
    .statement<{ dateMs: number; mask: number }>(
      `SELECT date_mouvement_ms AS dateMs, a_recuperer AS mask FROM mouvements_recus
       WHERE num_unique = ?`,
    )
    .get(numUnique);
  return row ? { dateMouvementMs: row.dateMs, aRecuperer: blocsOfMask(row.mask) } : null;
}
