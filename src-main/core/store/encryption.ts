// The cache encrypted at rest (SQLCipher 4 format, through better-sqlite3-multiple-ciphers).
//
// Three rules. The cipher pragmas are repeated on every open (the library forgets them). A wrong
// key is only noticed on the first read (SQLITE_NOTADB), so every open probes right after keying.
// And nothing ever falls back to plaintext: a plaintext cache is encrypted before use, and a
// cache the key cannot open is moved aside and replaced by an empty one that a resync refills.
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { systemClock, type Clock } from '../clock.ts';
import { GuichetError, isGuichetError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';

export type SqliteDatabase = Database.Database;

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const RAW_KEY = /^[0-9a-f]{64}$/;
/** Files SQLite keeps next to a database. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];
const ASIDE_MARK = '.illisible-';

export interface CacheRecovery {
  /** Where the unreadable cache now lies (kept in case the old key comes back). */
  movedTo: string;
  /** French, for the UI and the CLI. */
  message: string;
}

export interface OpenEncryptedResult {
  db: SqliteDatabase;
  /** A plaintext cache was found and encrypted. */
  migrated: boolean;
  /** Set when the cache could not be read with the key and was replaced. */
  recovery: CacheRecovery | null;
}

export interface OpenEncryptedOptions {
  logger?: Logger;
  clock?: Clock;
  /** 'recover' (default): move an unreadable cache aside and start a new one; 'fail': throw. */
  onUnreadable?: 'recover' | 'fail';
}

/** Keys an open connection and proves the key right by reading; throws CACHE_CLE otherwise. */
export function applyDatabaseKey(db: SqliteDatabase, key: string): void {
  if (!RAW_KEY.test(key)) {
    throw new GuichetError('CACHE_CLE', "La clé du cache n'a pas le format attendu (256 bits).");
  }
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  // A raw key (x'…') skips SQLCipher's key derivation: the key is already 256 random bits.
  db.pragma(`key="x'${key}'"`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') throw unreadableError(error);
    throw error;
  }
}

/** Opens (creating if needed) the encrypted cache at `path`, migrating or recovering first. */
export function openEncrypted(
  path: string,
  key: string,
  options: OpenEncryptedOptions = {},
): OpenEncryptedResult {
  const prepared = prepareEncryptedCache(path, key, options);
  return { db: openKeyed(path, key), ...prepared };
}

/**
 * Makes the file at `path` one that `key` opens: encrypts a plaintext cache, and moves a cache
 * the key cannot read aside (unless onUnreadable is 'fail'). A missing file is left missing.
 */
export function prepareEncryptedCache(
  path: string,
  key: string,
  options: OpenEncryptedOptions = {},
): Omit<OpenEncryptedResult, 'db'> {
  const logger = (options.logger ?? silentLogger).child('encryption');
  let migrated = false;
  if (isPlaintextDatabase(path)) {
    encryptPlaintextDatabase(path, key);
    migrated = true;
    logger.info('cache.plaintext_encrypted');
  }
  if (!existsSync(path)) return { migrated, recovery: null };
  try {
    openKeyed(path, key).close();
    return { migrated, recovery: null };
  } catch (error) {
    if (!isGuichetError(error, 'CACHE_CLE') || options.onUnreadable === 'fail') throw error;
  }
  const movedTo = moveAside(path, options.clock ?? systemClock);
  logger.warn('cache.unreadable_moved_aside', { reason: 'key_missing_or_changed' });
  const message =
    'Le cache local ne pouvait pas être lu avec la clé du trousseau (clé absente ou changée). ' +
    `Il a été mis de côté dans « ${movedTo} » et un cache neuf a été créé : la prochaine ` +
    'synchronisation le remplira de nouveau depuis le SNE.';
  return { migrated, recovery: { movedTo, message } };
}

/** Deletes the caches set aside next to `path` after a key loss; returns how many. */
export function removeSetAsideCaches(path: string): number {
  const prefix = `${basename(path)}${ASIDE_MARK}`;
  const dir = dirname(path);
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    rmSync(join(dir, name), { force: true });
    if (!SIDE_FILES.some((s) => name.endsWith(s))) removed++;
  }
  return removed;
}

/** True when `path` holds an unencrypted SQLite database (its header is in clear). */
export function isPlaintextDatabase(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(PLAINTEXT_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.equals(PLAINTEXT_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a plaintext cache in place, crash-safely: the work happens on a copy that replaces
 * the original by one rename once it opens with the key. Until then the original is untouched.
 */
export function encryptPlaintextDatabase(path: string, key: string): void {
  const copy = `${path}.chiffrement`;
  removeWithSideFiles(copy);

  // Fold the WAL into the main file so that the copy is complete and no plaintext WAL is left
  // next to the encrypted file (SQLite would try to replay it).
  const plain = new Database(path);
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
    plain.prepare('VACUUM INTO ?').run(copy);
  } finally {
    plain.close();
  }

  // Rekeying is refused in WAL mode; the copy is in rollback mode until reopened by the store.
  const target = new Database(copy);
  try {
    target.pragma('journal_mode = DELETE');
    target.pragma("cipher='sqlcipher'");
    target.pragma('legacy=4');
    target.pragma(`rekey="x'${key}'"`);
  } finally {
    target.close();
  }
  openKeyed(copy, key).close();

  renameSync(copy, path);
  for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
}

function openKeyed(path: string, key: string): SqliteDatabase {
  const db = new Database(path);
  try {
    applyDatabaseKey(db, key);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function moveAside(path: string, clock: Clock): string {
  const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
  const aside = `${path}${ASIDE_MARK}${stamp}`;
  renameSync(path, aside);
  for (const suffix of SIDE_FILES) {
    if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${aside}${suffix}`);
  }
  return aside;
}

function removeWithSideFiles(path: string): void {
  rmSync(path, { force: true });
  for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
}

function unreadableError(cause: unknown): GuichetError {
  return new GuichetError(
    'CACHE_CLE',
    'Le cache local ne peut pas être déchiffré avec la clé du trousseau (clé absente ou changée).',
    {},
    { cause },
  );
}
