// Opens the local cache: one SQLite file in the data directory, WAL mode, schema migrated.
// The process that syncs holds the only writing connection; everything it writes goes through
// the typed functions next to this file, in transactions.
//
// synchronous=NORMAL in WAL mode survives any process crash (kill -9 included); only a power
// cut may lose the last commits, which the queue simply fetches again. The one write that must
// survive a power cut too, the GDM ledger entry (or a restart could open a second sequence
// within the hour), goes through durableTransaction, which fsyncs its commit.
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db, Statement } from 'better-sqlite3-multiple-ciphers';
import { diskFullError, isDiskFull } from '../errors.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './migration.ts';
import { migrations as allMigrations } from './migrations/index.ts';

export type { Db };

export interface Store {
  readonly db: Db;
  readonly path: string;
  /** A statement prepared once per connection. */
  statement<R = unknown>(sql: string): Statement<unknown[], R>;
  close(): void;
}

export interface OpenStoreOptions {
  /** The cache key from the keychain; the cipher itself is set up by encryption.ts. */
  key?: string;
  /** Applies the cipher pragmas for `key` (H5's encryption.ts); required when key is given. */
  applyKey?: (db: Db, key: string) => void;
  migrations?: readonly Migration[];
  readonly?: boolean;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false });
  } catch (error) {
    if (isDiskFull(error)) throw diskFullError(error);
    throw error;
  }
  try {
    if (options.key !== undefined) {
      if (!options.applyKey) throw new Error('openStore: a key needs applyKey');
      options.applyKey(db, options.key);
    }
    configure(db, options.readonly ?? false);
    if (!options.readonly) migrate(db, options.migrations ?? allMigrations);
  } catch (error) {
    db.close();
    if (isDiskFull(error)) throw diskFullError(error);
    throw error;
  }
  return wrap(db, path);
}

function configure(db: Db, readonly: boolean): void {
  if (!readonly && db.name !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // 64 MB of page cache: GDM pages insert DLS numbers in random order into trees of hundreds of
  // thousands of rows, which the 2 MB default turns into disk reads.
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function wrap(db: Db, path: string): Store {
  const cache = new Map<string, Statement<unknown[], unknown>>();
  return {
    db,
    path,
    statement<R>(sql: string): Statement<unknown[], R> {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = db.prepare<unknown[], unknown>(sql);
        cache.set(sql, stmt);
      }
      return stmt as Statement<unknown[], R>;
    },
    close() {
      cache.clear();
      if (db.open) db.close();
    },
  };
}

/** Runs fn in one write transaction; a full disk becomes the French DISQUE_PLEIN error. */
export function inTransaction<T>(store: Store, fn: () => T): T {
  try {
    return store.db.transaction(fn).immediate();
  } catch (error) {
    if (isDiskFull(error)) throw diskFullError(error);
    throw error;
  }
}

/** Like inTransaction, but its commit is on disk (fsync) before this returns. */
export function durableTransaction<T>(store: Store, fn: () => T): T {
  store.db.pragma('synchronous = FULL');
  try {
    return inTransaction(store, fn);
  } finally {
    store.db.pragma('synchronous = NORMAL');
  }
}
