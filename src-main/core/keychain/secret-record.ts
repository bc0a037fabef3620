// A secret too large for one keychain entry, stored as parts behind a small manifest entry.
//
// Why parts: Windows Credential Manager refuses blobs over 2,560 bytes (1,280 UTF-16 chars), and a
// PKCS#12 in base64 is larger. Why a manifest: it is written last, in one keychain call, and names
// the generation of parts it covers, so a reader sees the old record or the new one, never a mix,
// whatever step of a write fails. Parts of other generations are leftovers and are swept.
import { createHash, randomBytes } from 'node:crypto';
import { GuichetError } from '../errors.ts';
import type { Keychain } from './keychain.ts';

const PART_CHARS = 1000;

interface Manifest {
  generation: string;
  parts: number;
  sha256: string;
}

export async function writeSecretRecord(
  keychain: Keychain,
  name: string,
  value: string,
): Promise<void> {
  const generation = randomBytes(6).toString('hex');
  const parts = split(value);
  const written: string[] = [];
  try {
    for (const [i, part] of parts.entries()) {
      const account = partAccount(name, generation, i);
      await keychain.set(account, part);
      written.push(account);
    }
    const manifest: Manifest = { generation, parts: parts.length, sha256: digest(value) };
    await keychain.set(name, JSON.stringify(manifest));
  } catch (error) {
    await deleteQuietly(keychain, written);
    throw error;
  }
  await sweepParts(keychain, name, generation);
}

/** The record, or null when there is none. A torn or altered record is an error, not null. */
export async function readSecretRecord(keychain: Keychain, name: string): Promise<string | null> {
  const raw = await keychain.get(name);
  if (raw === null) return null;
  const manifest = parseManifest(raw);
  const parts: string[] = [];
  for (let i = 0; i < (manifest?.parts ?? 0); i++) {
    const part = await keychain.get(partAccount(name, manifest?.generation ?? '', i));
    if (part === null) break;
    parts.push(part);
  }
  const value = parts.join('');
  if (!manifest || parts.length !== manifest.parts || digest(value) !== manifest.sha256) {
    throw new GuichetError(
      'KEYCHAIN_INDISPONIBLE',
      `L'entrée « ${name} » du trousseau est incomplète ou altérée. Supprimez-la puis importez-la de nouveau.`,
      { record: name },
    );
  }
  return value;
}

/** Removes the manifest first (the record vanishes at once), then every part. */
export async function deleteSecretRecord(keychain: Keychain, name: string): Promise<boolean> {
  const existed = await keychain.delete(name);
  await sweepParts(keychain, name, null);
  return existed;
}

function split(value: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += PART_CHARS) parts.push(value.slice(i, i + PART_CHARS));
  return parts.length > 0 ? parts : [''];
}

function partAccount(name: string, generation: string, index: number): string {
  return `${name}#${generation}#${index}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function parseManifest(raw: string): Manifest | null {
  try {
    const m = JSON.parse(raw) as Partial<Manifest>;
    const ok =
      typeof m.generation === 'string' &&
      typeof m.parts === 'number' &&
      typeof m.sha256 === 'string';
    return ok ? (m as Manifest) : null;
  } catch {
    return null;
  }
}

// Deletes the parts of `name` that do not belong to `keep`. Best effort: a leftover part stays
// inside the keychain, unreachable without its manifest, and the next write sweeps it again.
async function sweepParts(keychain: Keychain, name: string, keep: string | null): Promise<void> {
  let accounts: string[];
  try {
    accounts = await keychain.accounts();
  } catch {
    return;
  }
  const prefix = `${name}#`;
  const stale = accounts.filter(
    (a) => a.startsWith(prefix) && (keep === null || !a.startsWith(`${prefix}${keep}#`)),
  );
  await deleteQuietly(keychain, stale);
}

async function deleteQuietly(keychain: Keychain, accounts: string[]): Promise<void> {
  for (const account of accounts) {
    try {
      await keychain.delete(account);
    } catch {
      // Rolling back after a failure: the first error is the one worth reporting.
    }
  }
}
