// The options every SNE-facing command shares (--sne-url, --pfx, --passphrase-env, --ca, the GDM
// filters, --data-dir), how they are remembered in the data directory, and how they become a
// connection: the certificate file given on the command line, or else the one stored in the OS
// keychain.
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { shiftedClock, systemClock, type Clock } from '../core/clock.ts';
import { GuichetError } from '../core/errors.ts';
import { createLogger, silentLogger, streamSink, type Logger } from '../core/logger.ts';
import { readPkcs12 } from '../core/keychain/certificate.ts';
import { loadStoredCertificate } from '../core/keychain/certificate-store.ts';
import { fileSettingsStore, type SettingsStore, type StoredSettings } from '../core/settings.ts';
import type { ClientCertificate } from '../core/sne/tls.ts';
import { openCacheStore } from '../core/store/open-cache.ts';
import type { Store } from '../core/store/open.ts';
import type { SneConnection } from '../core/sync/sync-service.ts';

export const DATA_DIR_ENV = 'SNE_GUICHET_DONNEES';

/** parseArgs options shared by the commands that reach the SNE or the cache. */
export const CONNECTION_OPTIONS = {
  'sne-url': { type: 'string' },
  pfx: { type: 'string' },
  'passphrase-env': { type: 'string' },
  ca: { type: 'string' },
  departements: { type: 'string' },
  communes: { type: 'string' },
  'guichets-exclus': { type: 'string' },
  'overlap-minutes': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface ConnectionOptionValues {
  'sne-url'?: string | undefined;
  pfx?: string | undefined;
  'passphrase-env'?: string | undefined;
  ca?: string | undefined;
  departements?: string | undefined;
  communes?: string | undefined;
  'guichets-exclus'?: string | undefined;
  'overlap-minutes'?: string | undefined;
  'data-dir'?: string | undefined;
}

/** --data-dir, else $SNE_GUICHET_DONNEES, else the application's own data folder. */
export function resolveDataDir(values: ConnectionOptionValues, env: NodeJS.ProcessEnv): string {
  const dir = values['data-dir'] ?? env[DATA_DIR_ENV] ?? applicationDataDir(env);
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true, mode: 0o700 });
  return absolute;
}

/**
 * The folder Electron gives the application (app.getPath('userData') for the name
 * sne-guichet), so that the CLI and the desktop application share one cache and one
 * settings.json by default.
 */
export function applicationDataDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'sne-guichet');
  }
  if (platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'sne-guichet');
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'sne-guichet');
}

/** Writes the options given on this command line into the settings, and returns them all. */
export function rememberOptions(
  settings: SettingsStore,
  values: ConnectionOptionValues,
): StoredSettings {
  const current = settings.get();
  const patch: Partial<StoredSettings> = {};
  if (values['sne-url'] !== undefined) patch.sneUrl = checkUrl(values['sne-url']);
  if (values.departements !== undefined)
    patch.departements = list(values.departements, DEPARTEMENT, 'département');
  if (values.communes !== undefined) patch.communes = list(values.communes, COMMUNE, 'commune');
  if (values['guichets-exclus'] !== undefined) {
    patch.guichetsExclus = list(values['guichets-exclus'], GUICHET, 'guichet');
  }
  if (values['overlap-minutes'] !== undefined)
    patch.overlapMinutes = minutes(values['overlap-minutes']);
  if (
    values.pfx !== undefined ||
    values['passphrase-env'] !== undefined ||
    values.ca !== undefined
  ) {
    patch.connexion = {
      pfx: values.pfx === undefined ? current.connexion.pfx : resolve(values.pfx),
      passphraseEnv: values['passphrase-env'] ?? current.connexion.passphraseEnv,
      ca: values.ca === undefined ? current.connexion.ca : resolve(values.ca),
    };
  }
  return Object.keys(patch).length > 0 ? settings.update(patch) : current;
}

export function openSettings(dataDir: string): SettingsStore {
  return fileSettingsStore(dataDir);
}

/** The connection to the SNE: the certificate file remembered for the CLI, else the keychain's. */
export async function resolveConnection(
  settings: StoredSettings,
  env: NodeJS.ProcessEnv,
): Promise<SneConnection> {
  const ca =
    settings.connexion.ca === null
      ? undefined
      : readFile(settings.connexion.ca, 'autorité de certification (--ca)');
  if (settings.connexion.pfx !== null) {
    const cert = certificateFromFile(
      settings.connexion.pfx,
      settings.connexion.passphraseEnv,
      env,
      ca,
    );
    const info = readPkcs12(cert.pfx, cert.passphrase, new Date());
    return { sneUrl: settings.sneUrl, cert, guichet: info.guichet };
  }
  const stored = await loadKeychainCertificate();
  if (!stored) {
    throw new GuichetError(
      'CERT_ABSENT',
      'Aucun certificat de guichet : importez-le avec « sne-guichet cert import --pfx FICHIER --passphrase-env VARIABLE », ou donnez --pfx et --passphrase-env à cette commande.',
    );
  }
  return {
    sneUrl: settings.sneUrl,
    cert: { ...stored.cert, ca: ca ?? stored.cert.ca },
    guichet: stored.guichet,
  };
}

/** The certificate kept in the OS keychain (imported with `cert import`), or null when none. */
export async function loadKeychainCertificate(): Promise<{
  cert: ClientCertificate;
  guichet: string;
} | null> {
  const stored = await loadStoredCertificate();
  if (!stored) return null;
  return { cert: { pfx: stored.pfx, passphrase: stored.passphrase }, guichet: stored.guichet };
}

function certificateFromFile(
  pfxPath: string,
  passphraseEnv: string | null,
  env: NodeJS.ProcessEnv,
  ca: Buffer | undefined,
): ClientCertificate {
  if (passphraseEnv === null) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      'Indiquez avec --passphrase-env le nom de la variable d’environnement qui contient la phrase de passe du certificat.',
    );
  }
  const passphrase = env[passphraseEnv];
  if (passphrase === undefined) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `La variable d’environnement ${passphraseEnv} (phrase de passe du certificat) n’est pas définie.`,
    );
  }
  return { pfx: readFile(pfxPath, 'certificat (--pfx)'), passphrase, ca };
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `Fichier ${what} introuvable ou illisible : ${path}`,
    );
  }
}

const DEPARTEMENT = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/;
const COMMUNE = /^([0-9]{2}|2A|2B)[0-9]{3}$/;
const GUICHET = /^G[0-9A-Z]{4}$/;

function list(text: string, pattern: RegExp, what: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);
  const bad = items.find((s) => !pattern.test(s));
  if (bad !== undefined)
    throw new GuichetError('ARGUMENT_INVALIDE', `Code ${what} invalide : « ${bad} ».`);
  return items;
}

function minutes(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 360) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      '--overlap-minutes attend un nombre entier de minutes entre 0 et 360.',
    );
  }
  return n;
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `Adresse du SNE invalide : « ${text} » (attendu https://HÔTE:PORT).`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new GuichetError('ARGUMENT_INVALIDE', 'L’adresse du SNE doit commencer par https://.');
  }
  return url.origin;
}

export const CACHE_FILE = 'cache.sqlite';

/** The encrypted cache of the data directory (key from the OS keychain), schema migrated. */
export async function openCliCache(dataDir: string, logger: Logger): Promise<Store> {
  const opened = await openCacheStore(join(dataDir, CACHE_FILE), { logger });
  return opened.store;
}

/** Structured logs on stderr only when asked ($SNE_GUICHET_JOURNAL=debug|info|warn). */
export function cliLogger(env: NodeJS.ProcessEnv, err: NodeJS.WritableStream): Logger {
  const level = env.SNE_GUICHET_JOURNAL;
  if (level === 'debug' || level === 'info' || level === 'warn' || level === 'error') {
    return createLogger(streamSink(err), { level, subsystem: 'cli' });
  }
  return silentLogger;
}

/**
 * Shifts the CLI's clock by $SNE_GUICHET_DECALAGE_HORLOGE_MS milliseconds. For the demo and the
 * tests, which move the simulator's time forward (an hour, nine days) without waiting: the CLI
 * must see the same time as the simulator. Unset in real use.
 */
export const CLOCK_SHIFT_ENV = 'SNE_GUICHET_DECALAGE_HORLOGE_MS';

export function cliClock(env: NodeJS.ProcessEnv): Clock {
  const shift = Number(env[CLOCK_SHIFT_ENV] ?? 0);
  return Number.isFinite(shift) && shift !== 0 ? shiftedClock(shift) : systemClock;
}
