// How long personal data stays in the cache: no longer than the SNE keeps it.
// - DRM months leave once the SNE can no longer show them (reporting/drm.ts owns that window).
// - A radiated demand is erased one year after its radiation, as the SNE erases it.
// - "Effacer les données locales" erases every demand, block, DRM month and 3DS extraction at
//   once, and the sync position with them; the GDM call ledger stays, because the SNE's rule of
//   one sequence per hour still holds after an erase and the ledger holds no personal data.
import type { ApiDatabase } from './api/context.ts';
import { purgerDrm } from './reporting/drm.ts';
import type { Logger } from './logger.ts';
import { removeSetAsideCaches } from './store/encryption.ts';

/** Tables holding personal data (or pointing at it), emptied by clearLocalData. */
export const PERSONAL_TABLES = [
  'demandes',
  'blocs',
  'jobs',
  'mouvements_recus',
  'drm_mois',
  'extractions_3ds',
  'watermarks',
  'gaps',
] as const;
/** Tables clearLocalData keeps: the schema, the GDM ledger and engine facts, none personal. */
export const KEPT_TABLES = ['schema_migrations', 'sequences', 'meta'] as const;

// Per-DLS tables a radiated demand is erased from (extractions_3ds holds reports the guichet
// produced on purpose; they go with clearLocalData only).
const PER_DEMANDE_TABLES = ['blocs', 'jobs', 'mouvements_recus', 'drm_mois', 'demandes'] as const;

export interface RetentionResult {
  moisDrm: number;
  demandesRadiees: number;
}

/** Applies both retention rules at `now`; run at every opening of the cache and after a sync. */
export function applyRetention(db: ApiDatabase, now: Date, logger?: Logger): RetentionResult {
  const result = db.transaction(() => ({
    moisDrm: purgerDrm(db, now),
    demandesRadiees: purgeRadiees(db, now),
  }))();
  if (result.moisDrm > 0 || result.demandesRadiees > 0) {
    logger?.info('retention.purged', { ...result });
  }
  return result;
}

/** Erases every demand radiated before `now` minus one year; returns how many. */
export function purgeRadiees(db: ApiDatabase, now: Date): number {
  const cutoff = oneYearBefore(now);
  const numbers = db
    .prepare(
      // A demand with a fetch still pending has moved since (a déradiation, perhaps): it is
      // left for the fetch to settle, so that no number GDM returned goes unfetched.
      `SELECT num_unique FROM blocs
       WHERE bloc = 'cerfa' AND json_extract(contenu, '$.radiation.dateRadiation') < ?
         AND num_unique NOT IN (SELECT num_unique FROM jobs WHERE etat = 'A_FAIRE')
         AND num_unique NOT IN (SELECT num_unique FROM mouvements_recus)`,
    )
    .all(cutoff) as { num_unique: string }[];
  const deletes = PER_DEMANDE_TABLES.map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE num_unique = ?`),
  );
  for (const { num_unique } of numbers) for (const d of deletes) d.run(num_unique);
  return numbers.length;
}

/**
 * "Effacer les données locales": empties the personal tables in one transaction, then rewrites
 * the file so that no freed page keeps old content, and deletes the unreadable caches that a
 * key loss set aside next to `cachePath`. The certificate and the settings stay.
 */
export function clearLocalData(
  db: ApiDatabase,
  options: { cachePath?: string; logger?: Logger } = {},
): void {
  db.transaction(() => {
    for (const table of PERSONAL_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  })();
  db.exec('VACUUM');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const asides = options.cachePath ? removeSetAsideCaches(options.cachePath) : 0;
  options.logger?.info('local_data.cleared', { setAsideCachesRemoved: asides });
}

/** The Paris calendar date one year before `now`, as 'YYYY-MM-DD' (29 February -> 28). */
export function oneYearBefore(now: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
    .format(now)
    .split('-')
    .map(Number);
  const year = (y ?? 1970) - 1;
  const month = m ?? 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d ?? 1, lastDay);
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
