// The durable fetch queue (table jobs): one job per DLS and block. A newer movement re-queues a
// job (version + 1); an older or equal one changes nothing, so replaying a GDM window is a no-op.
import type { Bloc } from '../sne/blocs.ts';
import { blocBitSql, popcountSql } from './bloc-bits.ts';
import type { Store } from './open.ts';

export interface JobRef {
  numUnique: string;
  bloc: Bloc;
  version: number;
  tentatives: number;
}

/** SIGNALE: a heavy block GDM said moved, fetched on demand only (no call queued). */
export type JobEtat = 'A_FAIRE' | 'FAIT' | 'ECHEC' | 'SIGNALE';

export interface JobFailure {
  numUnique: string;
  bloc: Bloc;
  code: string;
  message: string;
}

export interface QueueCounts {
  pending: number;
  done: number;
  failed: number;
}

const ENQUEUE_ON_CONFLICT = `ON CONFLICT (num_unique, bloc) DO UPDATE SET etat = 'A_FAIRE',
  date_mouvement_ms = excluded.date_mouvement_ms, version = version + 1, tentatives = 0,
  prochain_essai_ms = 0, code = NULL, message = NULL
  WHERE excluded.date_mouvement_ms > jobs.date_mouvement_ms`;

/** Queues (or re-queues) one block of one DLS for a movement at dateMouvementMs. */
export function enqueueJob(
  store: Store,
  numUnique: string,
  bloc: Bloc,
  dateMouvementMs: number,
): void {
  enqueueJobs(store, [[numUnique, bloc, dateMouvementMs]]);
}

/** Rows per multi-row INSERT: fewer statement runs make a GDM page ingest about twice as fast. */
const CHUNK = 100;

/** enqueueJob for many jobs at once (a GDM page), in the caller's transaction. */
export function enqueueJobs(
  store: Store,
  jobs: readonly (readonly [string, Bloc, number])[],
): void {
  for (let start = 0; start < jobs.length; start += CHUNK) {
    const chunk = jobs.slice(start, start + CHUNK);
    const values = chunk.map(() => "(?, ?, 'A_FAIRE', ?)").join(', ');
    store
      .statement(
        `INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES ${values}
         ${ENQUEUE_ON_CONFLICT}`,
      )
      .run(...chunk.flat());
  }
}

// A pending job stays pending (the user asked for it, or the setting changed): the newer
// movement only makes a fetch already in flight count for nothing, as for any job.
const SIGNAL_ON_CONFLICT = `ON CONFLICT (num_unique, bloc) DO UPDATE SET
  etat = CASE jobs.etat WHEN 'A_FAIRE' THEN 'A_FAIRE' ELSE 'SIGNALE' END,
  date_mouvement_ms = excluded.date_mouvement_ms, version = version + 1, tentatives = 0,
  prochain_essai_ms = 0, code = NULL, message = NULL
  WHERE excluded.date_mouvement_ms > jobs.date_mouvement_ms`;

/** Records that heavy blocks moved, without queueing a call (they are fetched on demand). */
export function signalJobs(store: Store, jobs: readonly (readonly [string, Bloc, number])[]): void {
  for (const [numUnique, bloc, dateMouvementMs] of jobs) {
    store
      .statement(
        `INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES (?, ?, 'SIGNALE', ?)
         ${SIGNAL_ON_CONFLICT}`,
      )
      .run(numUnique, bloc, dateMouvementMs);
  }
}

/** Jobs due at nowMs, oldest first; `skip` holds keys already in memory. */
export function dueJobs(
  store: Store,
  nowMs: number,
  limit: number,
  skip: ReadonlySet<string>,
): JobRef[] {
  const rows = store
    .statement<JobRef>(
      `SELECT num_unique AS numUnique, bloc, version, tentatives FROM jobs
       WHERE etat = 'A_FAIRE' AND prochain_essai_ms <= ?
       ORDER BY prochain_essai_ms, date_mouvement_ms LIMIT ?`,
    )
    .all(nowMs, limit + skip.size);
  return rows.filter((r) => !skip.has(jobKey(r.numUnique, r.bloc))).slice(0, limit);
}

/** The earliest retry time among waiting jobs not in `skip`, or null when none waits. */
export function nextRetryAt(store: Store, skip: ReadonlySet<string>): number | null {
  const rows = store
    .statement<{ numUnique: string; bloc: string; at: number }>(
      `SELECT num_unique AS numUnique, bloc, prochain_essai_ms AS at FROM jobs
       WHERE etat = 'A_FAIRE' ORDER BY prochain_essai_ms LIMIT ?`,
    )
    .all(skip.size + 1);
  const row = rows.find((r) => !skip.has(jobKey(r.numUnique, r.bloc)));
  return row ? row.at : null;
}

/** Marks the job done unless a newer movement re-queued it meanwhile. */
export function completeJob(store: Store, job: JobRef): void {
  store
    .statement(
      `UPDATE jobs SET etat = 'FAIT', code = NULL, message = NULL
       WHERE num_unique = ? AND bloc = ? AND version = ?`,
    )
    .run(job.numUnique, job.bloc, job.version);
}

/** Puts the job back in the queue for a later try (transient failure). */
export function retryJobLater(
  store: Store,
  job: JobRef,
  atMs: number,
  code: string,
  message: string,
): void {
  store
    .statement(
      `UPDATE jobs SET tentatives = tentatives + 1, prochain_essai_ms = ?, code = ?, message = ?
       WHERE num_unique = ? AND bloc = ? AND version = ? AND etat = 'A_FAIRE'`,
    )
    .run(atMs, code, message, job.numUnique, job.bloc, job.version);
}

/** Lists the job as failed with its reason (permanent anomaly, or retries exhausted). */
export function failJob(store: Store, job: JobRef, code: string, message: string): void {
  store
    .statement(
      `UPDATE jobs SET etat = 'ECHEC', code = ?, message = ?, tentatives = tentatives + 1
       WHERE num_unique = ? AND bloc = ? AND version = ?`,
    )
    .run(code, message, job.numUnique, job.bloc, job.version);
}

/** Puts failed jobs back in the queue; `codes` limits it to those failures. Returns the count. */
export function requeueFailed(store: Store, codes?: readonly string[]): number {
  const filter = codes ? `AND code IN (${codes.map(() => '?').join(',')})` : '';
  const result = store
    .statement(
      `UPDATE jobs SET etat = 'A_FAIRE', tentatives = 0, prochain_essai_ms = 0, version = version + 1
       WHERE etat = 'ECHEC' ${filter}`,
    )
    .run(...(codes ?? []));
  return result.changes;
}

export function queueCounts(store: Store): QueueCounts {
  const rows = store
    .statement<{ etat: string; n: number }>('SELECT etat, count(*) AS n FROM jobs GROUP BY etat')
    .all();
  const get = (etat: string): number => rows.find((r) => r.etat === etat)?.n ?? 0;
  return {
    pending: get('A_FAIRE') + blocsRecusEnAttente(store),
    done: get('FAIT'),
    failed: get('ECHEC'),
  };
}

/**
 * Blocks of received GDM movements not yet expanded into jobs (store/mouvements.ts): every one
 * becomes a pending job, except those whose job is pending already.
 */
function blocsRecusEnAttente(store: Store): number {
  const bits = store
    .statement<number>(
      `SELECT coalesce(sum(${popcountSql('a_recuperer')}), 0) FROM mouvements_recus`,
    )
    .pluck()
    .get() as number;
  if (bits === 0) return 0;
  const dejaEnFile = store
    .statement<number>(
      `SELECT count(*) FROM jobs j JOIN mouvements_recus m ON m.num_unique = j.num_unique
       WHERE j.etat = 'A_FAIRE' AND (m.a_recuperer & ${blocBitSql('j.bloc')}) != 0`,
    )
    .pluck()
    .get() as number;
  return bits - dejaEnFile;
}

export function listFailures(store: Store, limit = 1000): JobFailure[] {
  return store
    .statement<JobFailure>(
      `SELECT num_unique AS numUnique, bloc, coalesce(code, '') AS code,
         coalesce(message, '') AS message
       FROM jobs WHERE etat = 'ECHEC' ORDER BY num_unique, bloc LIMIT ?`,
    )
    .all(limit);
}

export function jobKey(numUnique: string, bloc: string): string {
  return `${numUnique}/${bloc}`;
}

/** Failures worth another try in a later run: everything but the SNE's business anomalies. */
export function requeueTransientFailures(store: Store): number {
  return store
    .statement(
      `UPDATE jobs SET etat = 'A_FAIRE', tentatives = 0, prochain_essai_ms = 0, version = version + 1
       WHERE etat = 'ECHEC' AND coalesce(code, '') NOT IN ('NUM_INCONNU', 'ACCES_REFUSE')
         AND coalesce(code, '') NOT LIKE 'CTRL_DEM%'`,
    )
    .run().changes;
}

/** Queues blocks of one DLS now, whatever was fetched before (a refresh the user asked for). */
export function forceJob(store: Store, numUnique: string, bloc: Bloc, atMs: number): void {
  store
    .statement(
      `INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES (?, ?, 'A_FAIRE', ?)
       ON CONFLICT (num_unique, bloc) DO UPDATE SET etat = 'A_FAIRE', version = version + 1,
         tentatives = 0, prochain_essai_ms = 0, code = NULL, message = NULL,
         date_mouvement_ms = max(jobs.date_mouvement_ms, excluded.date_mouvement_ms)`,
    )
    .run(numUnique, bloc, atMs);
}
