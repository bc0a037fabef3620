// The key of the encrypted cache: 256 random bits, created on first need and kept only in the
// OS keychain. It is a raw key (hex), so opening the cache costs no key derivation.
import { randomBytes } from 'node:crypto';
import { GuichetError } from '../errors.ts';
import type { Keychain } from './keychain.ts';

export const DB_KEY_ACCOUNT = 'cle-cache';
const KEY_SHAPE = /^[0-9a-f]{64}$/;

/** The stored key, or null when the keychain answers that there is none. */
export async function readDatabaseKey(keychain: Keychain): Promise<string | null> {
  const key = await keychain.get(DB_KEY_ACCOUNT);
  if (key === null) return null;
  if (!KEY_SHAPE.test(key)) {
    throw new GuichetError(
      'CACHE_CLE',
      "La clé du cache enregistrée dans le trousseau n'a pas le format attendu : " +
        "utilisez « Effacer les données locales » pour repartir d'un cache neuf.",
    );
  }
  return key;
}

/** The stored key, created and stored first when there is none. */
export async function getOrCreateDatabaseKey(
  keychain: Keychain,
): Promise<{ key: string; created: boolean }> {
  const existing = await readDatabaseKey(keychain);
  if (existing !== null) return { key: existing, created: false };
  const key = randomBytes(32).toString('hex');
  await keychain.set(DB_KEY_ACCOUNT, key);
  // Read back: a keychain that accepts a write and forgets it would leave a cache nobody can
  // open at the next start. Another process (the app and the CLI started together) may have
  // stored its own key in between: the last write wins, and both must use it.
  const stored = await keychain.get(DB_KEY_ACCOUNT);
  if (stored === null || !KEY_SHAPE.test(stored)) {
    throw new GuichetError(
      'KEYCHAIN_INDISPONIBLE',
      "Le trousseau du système n'a pas conservé la clé du cache : le cache ne peut pas être chiffré.",
    );
  }
  if (stored !== key) return { key: stored, created: false };
  return { key, created: true };
}

export async function deleteDatabaseKey(keychain: Keychain): Promise<boolean> {
  return keychain.delete(DB_KEY_ACCOUNT);
}
