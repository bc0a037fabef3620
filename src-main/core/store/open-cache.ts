// Opens the guichet's cache the way the application and the CLI must: key from the OS keychain,
// file encrypted (a plaintext one is migrated, an unreadable one replaced), schema migrated, and
// retention applied before anything reads it. A keychain that is locked or absent stops here
// with its French message: there is no unencrypted way in.
import { systemClock, type Clock } from '../clock.ts';
import { getOrCreateDatabaseKey } from '../keychain/db-key.ts';
import { osKeychain, type Keychain } from '../keychain/keychain.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { applyRetention, type RetentionResult } from '../retention.ts';
import { applyDatabaseKey, prepareEncryptedCache, type CacheRecovery } from './encryption.ts';
import { getMeta, setMeta } from './meta.ts';
import { openStore, type Store } from './open.ts';

// Kept in the new cache, so that `status` and the UI can tell, after the fact, why it is empty.
const RECOVERY_META = 'cache_recuperation';

export interface OpenCacheDeps {
  keychain?: Keychain;
  clock?: Clock;
  logger?: Logger;
}

export interface OpenedCache {
  store: Store;
  /** A plaintext cache was found and encrypted during this opening. */
  migrated: boolean;
  /** Set when the cache could not be read with the key and a new one was started. */
  recovery: CacheRecovery | null;
  retention: RetentionResult;
}

export async function openCacheStore(path: string, deps: OpenCacheDeps = {}): Promise<OpenedCache> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const { key } = await getOrCreateDatabaseKey(deps.keychain ?? osKeychain());
  const { migrated, recovery } = prepareEncryptedCache(path, key, { clock, logger });
  const store = openStore(path, { key, applyKey: applyDatabaseKey });
  try {
    if (recovery) setMeta(store, RECOVERY_META, JSON.stringify({ ...recovery, at: clock.now() }));
    const retention = applyRetention(store.db, clock.now(), logger.child('retention'));
    return { store, migrated, recovery, retention };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The last time this cache replaced an unreadable one, and why; null when it never did. */
export function cacheRecoveryNotice(store: Store): (CacheRecovery & { at: string }) | null {
  const raw = getMeta(store, RECOVERY_META);
  return raw === null ? null : (JSON.parse(raw) as CacheRecovery & { at: string });
}
