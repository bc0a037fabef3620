// The cache at rest: encrypted under a key from the real Secret Service, a plaintext cache (even
// one left with its WAL by a crash) migrated, and a missing or changed key leading to a new
// cache, never to plaintext. Runs through scripts/test.sh (D-Bus session with gnome-keyring).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGuichetError } from '../../src-main/core/errors.ts';
import { DB_KEY_ACCOUNT, getOrCreateDatabaseKey } from '../../src-main/core/keychain/db-key.ts';
import { keychainError, osKeychain, type Keychain } from '../../src-main/core/keychain/keychain.ts';
import { saveBloc } from '../../src-main/core/store/blocs.ts';
import { getDemandeRow, updateFromCerfa } from '../../src-main/core/store/demandes.ts';
import {
  applyDatabaseKey,
  isPlaintextDatabase,
  openEncrypted,
} from '../../src-main/core/store/encryption.ts';
import { openCacheStore, type OpenedCache } from '../../src-main/core/store/open-cache.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { blocsExemple } from '../support/soap-fixtures.ts';
import { syncAgainstSimulator } from '../support/simulated-sync.ts';

const run = promisify(execFile);
const NUM = '0931124000123G1104';
// The applicant of blocsExemple: what must never be readable in the file.
const NOM = "L'Écuyer";
const PRENOM = 'Zoé';

let serviceCount = 0;
const newKeychain = (): Keychain =>
  osKeychain(`sne-guichet-chiffrement-${process.pid}-${++serviceCount}`);

const opened: OpenedCache[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.store.close();
});

beforeAll(() => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('Ces tests demandent un Secret Service : lancez-les par scripts/test.sh.');
  }
});

function newPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'chiffrement-')), 'cache.db');
}

async function open(path: string, keychain: Keychain): Promise<OpenedCache> {
  const cache = await openCacheStore(path, { keychain });
  opened.push(cache);
  return cache;
}

function fill(store: OpenedCache['store']): void {
  const blocs = blocsExemple(NUM);
  blocs.cerfa = { ...blocs.cerfa, radiation: null };
  for (const [bloc, contenu] of Object.entries(blocs)) {
    saveBloc(store, NUM, bloc as never, contenu, '2025-01-10T10:00:00.000+01:00', 1);
  }
  updateFromCerfa(store, blocs.cerfa);
}

/** Every byte SQLite left for this cache: the file and its WAL, SHM or journal. */
function bytesOnDisk(path: string): Buffer {
  const dir = join(path, '..');
  const files = readdirSync(dir).filter(
    (f) => f.startsWith('cache.db') && !f.includes('illisible'),
  );
  return Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
}

function expectNothingInClear(path: string): void {
  const bytes = bytesOnDisk(path);
  expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
  for (const text of [NOM, PRENOM, NUM, 'Lilas']) {
    expect(bytes.includes(Buffer.from(text, 'utf8')), text).toBe(false);
    expect(bytes.includes(Buffer.from(text, 'utf16le')), text).toBe(false);
  }
}

describe('encrypted cache', () => {
  it('writes no plaintext header and no applicant data, and reopens with the key', async () => {
    const keychain = newKeychain();
    const path = newPath();
    const first = await open(path, keychain);
    fill(first.store);
    // Data still in the WAL counts as on disk: check before and after the checkpoint.
    expectNothingInClear(path);
    first.store.close();
    expectNothingInClear(path);

    const again = await open(path, keychain);
    expect(again.recovery).toBeNull();
    expect(getDemandeRow(again.store, NUM)?.demandeur).toBe(`${NOM} & <Fils> Zoé "Zaza"`);
  });

  it('cannot be read without the key, nor with another one', async () => {
    const keychain = newKeychain();
    const path = newPath();
    fill((await open(path, keychain)).store);
    opened.splice(0).forEach((c) => c.store.close());

    const bare = new Database(path);
    expect(() => bare.prepare('SELECT count(*) FROM demandes').get()).toThrow(/not a database/);
    bare.close();
    const wrong = new Database(path);
    const error = (() => {
      try {
        applyDatabaseKey(wrong, 'ab'.repeat(32));
      } catch (e) {
        return e;
      }
      return null;
    })();
    wrong.close();
    expect(isGuichetError(error, 'CACHE_CLE')).toBe(true);
  });
});

describe('plaintext cache migration', () => {
  it('encrypts a plaintext cache left with its WAL by a crash, losing nothing', async () => {
    const path = newPath();
    // A process that writes through the WAL and dies without a checkpoint.
    const plain = openStore(path);
    plain.close();
    const script = `
      const Database = require('better-sqlite3-multiple-ciphers');
      const db = new Database(${JSON.stringify(path)});
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.prepare("INSERT INTO demandes (num_unique, demandeur) VALUES (?, ?)").run(${JSON.stringify(NUM)}, ${JSON.stringify(`${NOM} ${PRENOM}`)});
      process.kill(process.pid, 'SIGKILL');`;
    await run(process.execPath, ['-e', script], { cwd: process.cwd() }).catch(() => undefined);
    expect(readFileSync(`${path}-wal`).includes(Buffer.from(NOM))).toBe(true);
    expect(isPlaintextDatabase(path)).toBe(true);

    const cache = await open(path, newKeychain());
    expect(cache.migrated).toBe(true);
    expect(getDemandeRow(cache.store, NUM)?.demandeur).toBe(`${NOM} ${PRENOM}`);
    expect(existsSync(`${path}.chiffrement`)).toBe(false);
    cache.store.close();
    expectNothingInClear(path);
  });

  it('redoes a migration that a crash interrupted, from the untouched original', async () => {
    const path = newPath();
    const plain = openStore(path);
    fill(plain);
    plain.close();
    writeFileSync(`${path}.chiffrement`, 'copie à moitié écrite');
    const cache = await open(path, newKeychain());
    expect(cache.migrated).toBe(true);
    expect(getDemandeRow(cache.store, NUM)).not.toBeNull();
    expect(existsSync(`${path}.chiffrement`)).toBe(false);
  });
});

describe('missing or changed key', () => {
  it('sets an unreadable cache aside and starts an encrypted new one (key lost)', async () => {
    const path = newPath();
    fill((await open(path, newKeychain())).store);
    opened.splice(0).forEach((c) => c.store.close());
    const before = readFileSync(path);

    // Another keychain: no key there, so a new one is made, which cannot read the old file.
    const cache = await open(path, newKeychain());
    expect(cache.recovery?.message).toMatch(/mis de côté.*cache neuf.*synchronisation/);
    expect(readFileSync(cache.recovery?.movedTo ?? '').equals(before)).toBe(true);
    expect(getDemandeRow(cache.store, NUM)).toBeNull();
    fill(cache.store);
    cache.store.close();
    expectNothingInClear(path);
  });

  it('does the same when the key in the keychain was replaced', async () => {
    const keychain = newKeychain();
    const path = newPath();
    fill((await open(path, keychain)).store);
    opened.splice(0).forEach((c) => c.store.close());
    await keychain.set(DB_KEY_ACCOUNT, 'cd'.repeat(32));
    const cache = await open(path, keychain);
    expect(cache.recovery).not.toBeNull();
    expect(existsSync(cache.recovery?.movedTo ?? '')).toBe(true);
  });

  it('throws CACHE_CLE and touches nothing when told not to recover', async () => {
    const keychain = newKeychain();
    const path = newPath();
    fill((await open(path, keychain)).store);
    opened.splice(0).forEach((c) => c.store.close());
    const before = readFileSync(path);
    expect(() => openEncrypted(path, 'ef'.repeat(32), { onUnreadable: 'fail' })).toThrow(
      /ne peut pas être déchiffré/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(join(path, '..'))).toEqual(['cache.db']);
  });

  it('never opens the cache when the keychain cannot answer', async () => {
    const path = newPath();
    const keychain = newKeychain();
    fill((await open(path, keychain)).store);
    opened.splice(0).forEach((c) => c.store.close());
    const before = readFileSync(path);
    // The keychain as it fails with no Secret Service (message of @napi-rs/keyring).
    const down: Keychain = {
      ...keychain,
      get: () =>
        Promise.reject(
          keychainError(new Error('Platform failure: DBus error: org.freedesktop.DBus.Error')),
        ),
    };
    const error = await openCacheStore(path, { keychain: down }).catch((e: unknown) => e);
    expect(isGuichetError(error, 'KEYCHAIN_INDISPONIBLE')).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(join(path, '..'))).toEqual(['cache.db']);
    // The key is still the one in the keychain: the cache opens again once it answers.
    expect((await getOrCreateDatabaseKey(keychain)).created).toBe(false);
    expect(getDemandeRow((await open(path, keychain)).store, NUM)).not.toBeNull();
  });
});

describe('after a real sync against the simulator', () => {
  it('leaves no plaintext header and no applicant name in the cache files', async () => {
    // The CLI takes its cache key from the keychain service named in the environment.
    const service = `sne-guichet-sync-${process.pid}`;
    process.env.SNE_GUICHET_TROUSSEAU = service;
    const run = await syncAgainstSimulator({ volume: 300 });
    try {
      expect(run.exitCode, run.stderr).toBe(0);
      // Open the cache with its key: which applicants did the sync actually store?
      const cache = await open(run.cachePath, osKeychain(service));
      const stored = cache.store.db
        .prepare(
          'SELECT num_unique AS numUnique, demandeur FROM demandes WHERE demandeur IS NOT NULL',
        )
        .all() as { numUnique: string; demandeur: string }[];
      cache.store.close();
      expect(stored.length).toBeGreaterThan(0);

      const bytes = Buffer.concat(
        readdirSync(run.dataDir)
          .filter((f) => f.startsWith('cache.sqlite'))
          .map((f) => readFileSync(join(run.dataDir, f))),
      );
      expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      for (const { numUnique } of stored) {
        const dls = run.sim.ctx.data.dls.get(numUnique);
        const demandeur = dls?.blocs.cerfa.personnePhysique.demandeur;
        expect(demandeur, numUnique).toBeDefined();
        // Texts under 5 bytes could turn up by chance in a megabyte of ciphertext.
        const texts = [demandeur?.nom ?? '', demandeur?.prenom ?? '', numUnique];
        for (const text of texts.filter((t) => Buffer.byteLength(t) >= 5)) {
          expect(bytes.includes(Buffer.from(text, 'utf8')), text).toBe(false);
        }
      }
    } finally {
      delete process.env.SNE_GUICHET_TROUSSEAU;
      await run.sim.close();
    }
  });
});
