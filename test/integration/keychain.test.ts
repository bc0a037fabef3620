// The certificate and the cache key against a real Secret Service (gnome-keyring in the private
// D-Bus session that scripts/test.sh starts). The round trip runs the real CLI in separate
// processes: a keychain that only remembered within one process would fail it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CERT_EXIT, certCommand } from '../../src-main/cli/commands/cert.ts';
import { EXIT, type CliCommand } from '../../src-main/cli/command.ts';
import { statusCommand } from '../../src-main/cli/commands/status.ts';
import {
  importCertificate,
  loadStoredCertificate,
  showCertificate,
} from '../../src-main/core/keychain/certificate-store.ts';
import { getOrCreateDatabaseKey, readDatabaseKey } from '../../src-main/core/keychain/db-key.ts';
import {
  KEYCHAIN_SERVICE_ENV,
  osKeychain,
  type Keychain,
} from '../../src-main/core/keychain/keychain.ts';
import { ensurePki, PKI_PASSPHRASE, type SimPki } from '../../src-main/core/simulator/pki.ts';
import { buildPkcs12, FIXTURE_PASSPHRASE } from '../support/pkcs12-fixtures.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sne-guichet.js');
// Each test gets its own service name: test files run in parallel in one D-Bus session.
let serviceCount = 0;
const newService = (): string => `sne-guichet-test-${process.pid}-${++serviceCount}`;

let pki: SimPki;
let dir: string;
beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('Ces tests demandent un Secret Service : lancez-les par scripts/test.sh.');
  }
  dir = mkdtempSync(join(tmpdir(), 'keychain-'));
  pki = await ensurePki(join(dir, 'pki'));
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI in its own process, with the given environment added. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A command in this process (faster than a new one), against `service`. */
async function inProcess(
  command: CliCommand,
  service: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const previous = process.env[KEYCHAIN_SERVICE_ENV];
  process.env[KEYCHAIN_SERVICE_ENV] = service;
  try {
    const code = await command.run(args, {
      out,
      err,
      env: { ...process.env, ...env },
      signal: new AbortController().signal,
    });
    return { code, stdout: chunks.out, stderr: chunks.err };
  } finally {
    if (previous === undefined) delete process.env[KEYCHAIN_SERVICE_ENV];
    else process.env[KEYCHAIN_SERVICE_ENV] = previous;
  }
}

async function secretToolItems(service: string): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', service]);
  return stdout + stderr;
}

describe('cert import / show through the Secret Service', () => {
  it('round-trips between two processes, and the keychain holds the record', async () => {
    const service = newService();
    const env = { [KEYCHAIN_SERVICE_ENV]: service, PASS_CERT: PKI_PASSPHRASE };
    const imported = await cli(
      ['cert', 'import', '--pfx', pki.guichetP12('G1104'), '--passphrase-env', 'PASS_CERT'],
      env,
    );
    expect(imported.stderr).not.toMatch(/Erreur/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Certificat du guichet G1104 enregistré dans le trousseau.');

    const shown = await cli(['cert', 'show', '--json'], { [KEYCHAIN_SERVICE_ENV]: service });
    expect(shown.code).toBe(0);
    const info = JSON.parse(shown.stdout) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(
      ['daysLeft', 'guichet', 'issuer', 'notAfter', 'notBefore', 'subject'].sort(),
    );
    expect(info.guichet).toBe('G1104');
    expect(info.issuer).toContain('Simulateur SNE - AC de test');

    // Stored by the Secret Service itself (gnome-keyring), not in this process nor in a file.
    const items = await secretToolItems(service);
    expect(items).toMatch(/attribute\.username = certificat\n/);
    expect(items).toMatch(/attribute\.username = certificat#[0-9a-f]{12}#0/);

    const loaded = await loadStoredCertificate({ keychain: osKeychain(service) });
    expect(loaded?.guichet).toBe('G1104');
    expect(loaded?.passphrase).toBe(PKI_PASSPHRASE);
    expect(loaded?.pfx.equals(readFileSync(pki.guichetP12('G1104')))).toBe(true);

    // The rest in this process: two more CLI starts would prove nothing more.
    expect((await inProcess(certCommand, service, ['remove'])).code).toBe(0);
    const after = await inProcess(certCommand, service, ['show', '--json']);
    expect(after.code).toBe(CERT_EXIT.ABSENT);
    expect(after.stdout.trim()).toBe('null');
    expect(await secretToolItems(service)).not.toContain('certificat');
  });

  it('exits with its own code and a French message on a wrong passphrase, storing nothing', async () => {
    const service = newService();
    const result = await cli(
      ['cert', 'import', '--pfx', pki.guichetP12('G1104'), '--passphrase-env', 'PASS_CERT'],
      { [KEYCHAIN_SERVICE_ENV]: service, PASS_CERT: 'mauvaise' },
    );
    expect(result.code).toBe(CERT_EXIT.PASSPHRASE);
    expect(result.stderr).toBe('La phrase de passe du certificat est incorrecte.\n');
    expect(await showCertificate({ keychain: osKeychain(service) })).toBeNull();
  });

  it('gives each refusal its own exit code and keeps the certificate already stored', async () => {
    const service = newService();
    const keychain = osKeychain(service);
    await importCertificate(readFileSync(pki.guichetP12('G2201')), PKI_PASSPHRASE, { keychain });
    const file = (name: string, bytes: Buffer): string => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const cases: { pfx: string; pass: string; exit: number; message: RegExp }[] = [
      {
        pfx: pki.guichetP12('G1104'),
        pass: 'mauvaise',
        exit: CERT_EXIT.PASSPHRASE,
        message: /phrase de passe/,
      },
      { pfx: pki.ca, pass: PKI_PASSPHRASE, exit: CERT_EXIT.FORMAT, message: /PKCS#12/ },
      {
        pfx: pki.guichetP12('G1104-expire'),
        pass: PKI_PASSPHRASE,
        exit: CERT_EXIT.EXPIRE,
        message: /a expiré/,
      },
      {
        pfx: file('sans-cle.p12', buildPkcs12({ cn: 'G1104', withKey: false })),
        pass: FIXTURE_PASSPHRASE,
        exit: CERT_EXIT.SANS_CLE,
        message: /clé privée/,
      },
      {
        pfx: file('pas-guichet.p12', buildPkcs12({ cn: 'serveur.example.fr' })),
        pass: FIXTURE_PASSPHRASE,
        exit: CERT_EXIT.GUICHET,
        message: /code guichet/,
      },
      {
        pfx: join(dir, 'absent.p12'),
        pass: PKI_PASSPHRASE,
        exit: CERT_EXIT.FICHIER_ILLISIBLE,
        message: /Impossible de lire/,
      },
    ];
    const exits = new Set<number>();
    for (const c of cases) {
      const args = ['import', '--pfx', c.pfx, '--passphrase-env', 'PASS_CERT'];
      const result = await inProcess(certCommand, service, args, { PASS_CERT: c.pass });
      expect(result.code, c.pfx).toBe(c.exit);
      expect(result.stderr).toMatch(c.message);
      exits.add(result.code);
    }
    expect(exits.size).toBe(cases.length);
    expect((await showCertificate({ keychain }))?.guichet).toBe('G2201');
  });

  it('says when no passphrase variable is set, without touching the keychain', async () => {
    const args = ['import', '--pfx', pki.guichetP12('G1104'), '--passphrase-env', 'ABSENTE_XYZ'];
    const result = await inProcess(certCommand, newService(), args);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("La variable d'environnement ABSENTE_XYZ n'est pas définie");
  });
});

describe('expiry warning in status', () => {
  it('warns from 30 days ahead, in the JSON and in French', async () => {
    const service = newService();
    const pfx = buildPkcs12({ cn: 'G1104', toDays: 20.5 });
    await importCertificate(pfx, FIXTURE_PASSPHRASE, { keychain: osKeychain(service) });
    const dataDir = mkdtempSync(join(tmpdir(), 'status-'));
    const status = (args: string[]): Promise<CliResult> =>
      inProcess(statusCommand, service, [...args, '--data-dir', dataDir]);

    const json = await status(['--json']);
    expect(json.stderr).toBe('');
    const parsed = JSON.parse(json.stdout) as { certificat: Record<string, unknown> | null };
    expect(parsed.certificat).toMatchObject({ guichet: 'G1104', daysLeft: 20, alerte: true });

    const text = await status([]);
    expect(text.stdout).toMatch(/ATTENTION : Le certificat du guichet G1104 expire dans 20 jour/);

    await importCertificate(buildPkcs12({ cn: 'G1104', toDays: 45 }), FIXTURE_PASSPHRASE, {
      keychain: osKeychain(service),
    });
    const later = await status(['--json']);
    const calm = JSON.parse(later.stdout) as { certificat: Record<string, unknown> | null };
    expect(calm.certificat).toMatchObject({ alerte: false, message: null });
  });
});

describe('nothing half-stored', () => {
  /** The real keychain, failing the n-th write. */
  function failingOnWrite(inner: Keychain, n: number): Keychain {
    let writes = 0;
    return {
      ...inner,
      set: async (account, secret) => {
        if (++writes === n) throw new Error('Platform failure: simulated write failure');
        await inner.set(account, secret);
      },
    };
  }

  it('keeps the previous certificate whole when any write of an import fails', async () => {
    const service = newService();
    const keychain = osKeychain(service);
    await importCertificate(readFileSync(pki.guichetP12('G2201')), PKI_PASSPHRASE, { keychain });
    const before = await keychain.accounts();
    expect(before.filter((a) => a.startsWith('certificat#')).length).toBeGreaterThan(1);

    const writesPerImport = before.length; // parts + manifest
    for (let n = 1; n <= writesPerImport; n++) {
      const flaky = failingOnWrite(keychain, n);
      await expect(
        importCertificate(readFileSync(pki.guichetP12('G1104')), PKI_PASSPHRASE, {
          keychain: flaky,
        }),
      ).rejects.toThrow('simulated write failure');
      const stored = await loadStoredCertificate({ keychain });
      expect(stored?.guichet, `failure at write ${n}`).toBe('G2201');
      expect((await keychain.accounts()).sort()).toEqual(before.sort());
    }
  });

  it('replaces a certificate and sweeps the parts of the old one', async () => {
    const service = newService();
    const keychain = osKeychain(service);
    await importCertificate(readFileSync(pki.guichetP12('G2201')), PKI_PASSPHRASE, { keychain });
    const first = await keychain.accounts();
    await importCertificate(readFileSync(pki.guichetP12('G1104')), PKI_PASSPHRASE, { keychain });
    const second = await keychain.accounts();
    expect((await showCertificate({ keychain }))?.guichet).toBe('G1104');
    const parts = (accounts: string[]): string[] => accounts.filter((a) => a.includes('#'));
    expect(parts(second).some((a) => parts(first).includes(a))).toBe(false);
  });
});

describe('cache key', () => {
  it('is created once, 256 random bits, then read back from the Secret Service', async () => {
    const keychain = osKeychain(newService());
    expect(await readDatabaseKey(keychain)).toBeNull();
    const first = await getOrCreateDatabaseKey(keychain);
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    const second = await getOrCreateDatabaseKey(osKeychain(keychain.service));
    expect(second).toEqual({ key: first.key, created: false });
    const other = await getOrCreateDatabaseKey(osKeychain(newService()));
    expect(other.key).not.toBe(first.key);
  });
});

describe('keychain locked or absent', () => {
  /**
   * Runs the CLI in a D-Bus session of its own: `setup` prepares it (locking the keyring would
   * otherwise lock it for the test files running next to this one).
   */
  async function cliInOwnSession(setup: string, args: string[]): Promise<CliResult> {
    const home = mkdtempSync(join(tmpdir(), 'keyring-home-'));
    const script = `${setup}\nexec "${process.execPath}" "${BIN}" "$@"`;
    try {
      const { stdout, stderr } = await run(
        'dbus-run-session',
        ['--', 'sh', '-c', script, 'sh', ...args],
        { cwd: ROOT, env: { ...process.env, HOME: home, PASS_CERT: PKI_PASSPHRASE } },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: unknown; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw error;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('reports a locked keyring with its own exit code', async () => {
    // The daemon claims its bus name after --unlock returns. Asking for the name earlier would
    // make D-Bus start a second daemon, with no unlocked keyring: wait for the owner first
    // (NameHasOwner starts nothing), then for the keyring, then lock it and check.
    const bus =
      'dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus';
    const owned = `${bus} org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets`;
    const dbus = 'dbus-send --session --dest=org.freedesktop.secrets --print-reply';
    const login = '/org/freedesktop/secrets/collection/login';
    const locked = `${dbus} ${login} org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null`;
    const waitFor = (check: string, code: number): string =>
      `n=0; until ${check}; do n=$((n+1)); [ $n -lt 600 ] || exit ${String(code)}; sleep 0.05; done`;
    const lock = [
      'printf %s test | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
      waitFor(`${owned} | grep -q 'boolean true'`, 89),
      waitFor(`${locked} | grep -q 'boolean false'`, 90),
      `${dbus} /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:${login} >/dev/null`,
      `${locked} | grep -q 'boolean true' || exit 91`,
    ].join('\n');
    const result = await cliInOwnSession(lock, [
      'cert',
      'import',
      '--pfx',
      pki.guichetP12('G1104'),
      '--passphrase-env',
      'PASS_CERT',
    ]);
    expect(result.code, result.stderr).toBe(CERT_EXIT.TROUSSEAU_VERROUILLE);
    expect(result.stderr).toContain('Le trousseau du système est verrouillé.');
  });

  it('reports a session without any usable keyring, never storing elsewhere', async () => {
    // D-Bus activates gnome-keyring on demand, but with no keyring created nothing can be stored.
    const result = await cliInOwnSession(':', [
      'cert',
      'import',
      '--pfx',
      pki.guichetP12('G1104'),
      '--passphrase-env',
      'PASS_CERT',
    ]);
    expect(result.code).toBe(CERT_EXIT.TROUSSEAU_INDISPONIBLE);
    expect(result.stderr).toContain("Aucun trousseau Secret Service n'est joignable");
  });

  it('reports a machine without a D-Bus session', async () => {
    const result = await cli(['cert', 'show'], {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'pas-de-bus')}`,
    });
    expect(result.code).toBe(CERT_EXIT.TROUSSEAU_INDISPONIBLE);
    expect(result.stderr).toContain('Secret Service');
  });
});
