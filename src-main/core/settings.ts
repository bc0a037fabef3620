// The user's settings, persisted as JSON in the data directory (settings.json). The Electron app
// writes the same file through electron-store (electron/settings-store.ts), so the application
// and the CLI of one machine share one configuration; the CLI and tests use this file-backed
// store. Writes go to a temporary file renamed over the old one, so a crash never
// leaves half a settings file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Settings } from './api-types.ts';
import { GuichetError } from './errors.ts';

/** How the CLI reaches the certificate when it is given as a file (never the passphrase). */
export interface ConnexionFichiers {
  pfx: string | null;
  passphraseEnv: string | null;
  ca: string | null;
}

export interface StoredSettings extends Omit<Settings, 'guichetsExclus'> {
  /** null: the guichet's own code (its own movements are not news to it). */
  guichetsExclus: string[] | null;
  connexion: ConnexionFichiers;
}

export interface SettingsStore {
  get(): StoredSettings;
  update(patch: Partial<StoredSettings>): StoredSettings;
}

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(dataDir: string): StoredSettings {
  return {
    environnement: 'SIMULATEUR',
    sneUrl: 'https://127.0.0.1:8443',
    departements: [],
    communes: [],
    guichetsExclus: null,
    overlapMinutes: 30,
    horaires: ['08:30', '12:30', '17:30'],
    blocsLourdsALaDemande: true,
    dataDir,
    connexion: { pfx: null, passphraseEnv: null, ca: null },
  };
}

const schema = z
  .object({
    environnement: z.enum(['SIMULATEUR', 'ECOLE', 'PROD']),
    sneUrl: z.string().url(),
    departements: z.array(z.string()),
    communes: z.array(z.string()),
    guichetsExclus: z.array(z.string()).nullable(),
    overlapMinutes: z.number().int().min(0).max(360),
    horaires: z.array(z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/)),
    blocsLourdsALaDemande: z.boolean(),
    connexion: z.object({
      pfx: z.string().nullable(),
      passphraseEnv: z.string().nullable(),
      ca: z.string().nullable(),
    }),
  })
  .partial();

export function fileSettingsStore(dataDir: string): SettingsStore {
  const path = join(dataDir, SETTINGS_FILE);
  const read = (): StoredSettings => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return defaultSettings(dataDir);
    }
    return parseStoredSettings(safeJson(text), dataDir, path);
  };
  return {
    get: read,
    update(patch) {
      const next = checkSettings({ ...read(), ...patch, dataDir });
      mkdirSync(dataDir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, path);
      return next;
    },
  };
}

/**
 * The settings read from a file (settings.json, whoever wrote it: the CLI or the application),
 * over the defaults. A file that does not fit the schema is reported, never half-used.
 */
export function parseStoredSettings(raw: unknown, dataDir: string, path: string): StoredSettings {
  const parsed = schema.safeParse(raw ?? null);
  if (!parsed.success) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `Le fichier de paramètres ${path} est illisible : corrigez-le ou supprimez-le pour repartir des valeurs par défaut.`,
    );
  }
  return { ...defaultSettings(dataDir), ...parsed.data, dataDir };
}

/** The complete settings about to be written, checked against the schema. */
export function checkSettings(next: StoredSettings): StoredSettings {
  const check = schema.safeParse(next);
  if (!check.success) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `Paramètres invalides : ${check.error.issues[0]?.message ?? ''}`,
    );
  }
  return next;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The guichetsExclus GDM should get: the setting, or the guichet's own code by default. */
export function guichetsExclusEffectifs(settings: StoredSettings, guichet: string): string[] {
  return settings.guichetsExclus ?? [guichet];
}
