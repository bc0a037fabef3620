// The shape of one schema migration. Each lives in migrations/NNN-name.ts and is listed in
// migrations/index.ts; the runner (migrate.ts) applies the missing ones in order.
import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  /** Strictly increasing across the list; gaps are allowed (areas own number ranges). */
  version: number;
  /** Short English name, for logs and the migrations table. */
  name: string;
  up(db: Database): void;
}
