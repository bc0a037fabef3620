// Watermarks (end of the last fully paged window, per filter set) and recorded gaps.
import type { Store } from './open.ts';

export interface GapRow {
  depuisMs: number;
  jusqueMs: number;
}

export function getWatermark(store: Store, filtreCle: string): number | null {
  return (
    store
      .statement<number>('SELECT jusque_ms FROM watermarks WHERE filtre_cle = ?')
      .pluck()
      .get(filtreCle) ?? null
  );
}

/** Moves the watermark forward only: replaying an older window never moves it back. */
export function advanceWatermark(
  store: Store,
  filtreCle: string,
  jusqueMs: number,
  sequenceId: number,
): void {
  store
    .statement(
      `INSERT INTO watermarks (filtre_cle, jusque_ms, sequence_id) VALUES (?, ?, ?)
       ON CONFLICT (filtre_cle) DO UPDATE SET jusque_ms = excluded.jusque_ms,
         sequence_id = excluded.sequence_id
       WHERE excluded.jusque_ms > watermarks.jusque_ms`,
    )
    .run(filtreCle, jusqueMs, sequenceId);
}

export function recordGap(store: Store, filtreCle: string, gap: GapRow, detecteMs: number): void {
  store
    .statement(
      `INSERT INTO gaps (filtre_cle, depuis_ms, jusque_ms, detecte_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (filtre_cle, depuis_ms) DO UPDATE SET jusque_ms = max(jusque_ms, excluded.jusque_ms)`,
    )
    .run(filtreCle, gap.depuisMs, gap.jusqueMs, detecteMs);
}

export function listGaps(store: Store, filtreCle?: string): GapRow[] {
  const sql =
    filtreCle === undefined
      ? 'SELECT depuis_ms AS depuisMs, jusque_ms AS jusqueMs FROM gaps ORDER BY depuis_ms'
      : `SELECT depuis_ms AS depuisMs, jusque_ms AS jusqueMs FROM gaps WHERE filtre_cle = ?
         ORDER BY depuis_ms`;
  const stmt = store.statement<GapRow>(sql);
  return filtreCle === undefined ? stmt.all() : stmt.all(filtreCle);
}
