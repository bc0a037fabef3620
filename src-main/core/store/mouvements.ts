// What GDM said moved and the fetch queue has not yet turned into jobs (table mouvements_recus).
//
// A GDM page is stored with two statements over the whole page: the demand summaries get the
// movement date, and each entry newer than the date already known for its DLS gets one row here
// with the blocks to fetch as a bit set. An entry not newer than the known date changes nothing,
// so replaying a window is a no-op: the SNE gives a DLS at most once per sequence with its latest
// movement, and a later window never shows an older movement than an earlier one did.
//
// Heavy blocks left to on-demand fetches have their own bit set: they become jobs in state
// SIGNALE (moved, no call queued), which the demand page shows as waiting for "Actualiser".
//
// The queue expands these rows into jobs (one per DLS and block, with the rule "latest movement
// wins") a few hundred DLS at a time, in one transaction with their deletion: a crash leaves a
// row either here or in the jobs table, never in neither.
import type { Bloc } from '../sne/blocs.ts';
import { blocsMask, blocsOfMask } from './bloc-bits.ts';
import { enqueueJobs, signalJobs, type JobEtat } from './jobs.ts';
import type { Store } from './open.ts';

export interface MouvementRecu {
  numUnique: string;
  dateMouvementMs: number;
  /** The blocks whose fetch this movement asks for. */
  aRecuperer: readonly Bloc[];
  /** Blocks that moved but are fetched on demand only: recorded, not queued. */
  signales?: readonly Bloc[];
}

/**
 * What to ask for a DLS this cache has never seen, whatever its natures say: they name the blocks
 * that moved since the DLS's previous movement, but the guichet holds none of its blocks yet.
 */
export interface PremiereFois {
  aRecuperer: readonly Bloc[];
  signales: readonly Bloc[];
}

/** Stores one GDM page's entries, in the caller's transaction. */
export function recevoirMouvements(
  store: Store,
  page: readonly MouvementRecu[],
  premiereFois: PremiereFois = { aRecuperer: [], signales: [] },
): void {
  if (page.length === 0) return;
  // Inserting in key order keeps each B-tree's cursor on a few leaves instead of many.
  const rows = page
    .map(
      (m) =>
        [
          m.numUnique,
          m.dateMouvementMs,
          blocsMask(m.aRecuperer),
          blocsMask(m.signales ?? []),
        ] as const,
    )
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const json = JSON.stringify(rows);
  // Before the summaries: the comparison is with the date known before this page.
  store
    .statement(
      `INSERT INTO mouvements_recus (num_unique, date_mouvement_ms, a_recuperer, signales)
       SELECT e.value ->> 0, e.value ->> 1,
         CASE WHEN d.num_unique IS NULL THEN (e.value ->> 2) | @tout ELSE e.value ->> 2 END,
         CASE WHEN d.num_unique IS NULL THEN (e.value ->> 3) | @toutSignales ELSE e.value ->> 3 END
       FROM json_each(@page) e
       LEFT JOIN demandes d ON d.num_unique = e.value ->> 0
       WHERE (e.value ->> 2 > 0 OR e.value ->> 3 > 0
              OR (d.num_unique IS NULL AND @tout | @toutSignales > 0))
         AND (d.date_mouvement_ms IS NULL OR d.date_mouvement_ms < e.value ->> 1)
       ON CONFLICT (num_unique) DO UPDATE SET
         date_mouvement_ms = max(date_mouvement_ms, excluded.date_mouvement_ms),
         a_recuperer = a_recuperer | excluded.a_recuperer,
         signales = signales | excluded.signales`,
    )
    .run({
      page: json,
      tout: blocsMask(premiereFois.aRecuperer),
      toutSignales: blocsMask(premiereFois.signales),
    });
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
    .statement<{ numUnique: string; dateMs: number; mask: number; signales: number }>(
      `SELECT num_unique AS numUnique, date_mouvement_ms AS dateMs, a_recuperer AS mask, signales
       FROM mouvements_recus LIMIT ?`,
    )
    .all(maxDemandes);
  if (rows.length === 0) return 0;
  const jobs: [string, Bloc, number][] = [];
  const signals: [string, Bloc, number][] = [];
  for (const r of rows) {
    for (const bloc of blocsOfMask(r.mask)) jobs.push([r.numUnique, bloc, r.dateMs]);
    for (const bloc of blocsOfMask(r.signales)) signals.push([r.numUnique, bloc, r.dateMs]);
  }
  enqueueJobs(store, jobs);
  signalJobs(store, signals);
  store
    .statement(`DELETE FROM mouvements_recus WHERE num_unique IN (SELECT value FROM json_each(?))`)
    .run(JSON.stringify(rows.map((r) => r.numUnique)));
  return rows.length;
}

export interface EtatBloc {
  bloc: Bloc;
  etat: JobEtat;
  dateMouvementMs: number;
  code: string | null;
  message: string | null;
}

/**
 * The state of each block of one DLS as the queue will see it: its job, or what a received
 * movement not yet expanded will make of it (the same rule: only a newer movement counts).
 */
export function etatsDesBlocs(store: Store, numUnique: string): EtatBloc[] {
  const jobs = store
    .statement<EtatBloc>(
      `SELECT bloc, etat, date_mouvement_ms AS dateMouvementMs, code, message FROM jobs
       WHERE num_unique = ?`,
    )
    .all(numUnique);
  const recu = store
    .statement<{ dateMs: number; mask: number; signales: number }>(
      `SELECT date_mouvement_ms AS dateMs, a_recuperer AS mask, signales FROM mouvements_recus
       WHERE num_unique = ?`,
    )
    .get(numUnique);
  if (!recu) return jobs;
  const byBloc = new Map(jobs.map((j) => [j.bloc, j]));
  const overlay = (bloc: Bloc, etat: JobEtat): void => {
    const job = byBloc.get(bloc);
    if (job && job.dateMouvementMs >= recu.dateMs) return;
    const kept: JobEtat = etat === 'SIGNALE' && job?.etat === 'A_FAIRE' ? 'A_FAIRE' : etat;
    byBloc.set(bloc, { bloc, etat: kept, dateMouvementMs: recu.dateMs, code: null, message: null });
  };
  for (const bloc of blocsOfMask(recu.mask)) overlay(bloc, 'A_FAIRE');
  for (const bloc of blocsOfMask(recu.signales)) overlay(bloc, 'SIGNALE');
  return [...byBloc.values()];
}
