// Settings persisted as JSON in the data directory: defaults, updates that survive a reopen,
// guichetsExclus defaulting to the guichet's own code, and a clear French error on a bad file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applicationDataDir } from '../../src-main/cli/connection-options.ts';
import {
  fileSettingsStore,
  guichetsExclusEffectifs,
  parseStoredSettings,
  SETTINGS_FILE,
} from '../../src-main/core/settings.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file settings', () => {
  it('starts from the defaults and keeps updates across reopenings', () => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const first = fileSettingsStore(dir);
    expect(first.get()).toMatchObject({
      overlapMinutes: 30,
      horaires: ['08:30', '12:30', '17:30'],
      blocsLourdsALaDemande: true,
    });
    first.update({ departements: ['93'], overlapMinutes: 45 });
    expect(fileSettingsStore(dir).get()).toMatchObject({
      departements: ['93'],
      overlapMinutes: 45,
      dataDir: dir,
    });
  });

  it('excludes the guichet’s own movements unless told otherwise', () => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const store = fileSettingsStore(dir);
    expect(guichetsExclusEffectifs(store.get(), 'G1104')).toEqual(['G1104']);
    expect(guichetsExclusEffectifs(store.update({ guichetsExclus: [] }), 'G1104')).toEqual([]);
  });

  it('refuses invalid values and an unreadable file with a French message', () => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const store = fileSettingsStore(dir);
    expect(() => store.update({ horaires: ['25:00'] })).toThrow(/Paramètres invalides/);
    writeFileSync(join(dir, SETTINGS_FILE), '{ pas du json');
    expect(() => store.get()).toThrow(/illisible/);
  });

  it('reads the object the application stores with electron-store, through the same schema', () => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
    // electron-store keeps the settings object as the file's whole JSON content.
    const written = { ...fileSettingsStore(dir).get(), departements: ['93'], overlapMinutes: 45 };
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify(written));
    expect(fileSettingsStore(dir).get()).toMatchObject({
      departements: ['93'],
      overlapMinutes: 45,
    });
    expect(() => parseStoredSettings({ overlapMinutes: 'trente' }, dir, 'settings.json')).toThrow(
      /illisible/,
    );
  });
});

describe('default data folder', () => {
  it('is the folder Electron names userData for sne-guichet, on each platform', () => {
    const env = { APPDATA: 'C:\\Users\\agent\\AppData\\Roaming', XDG_CONFIG_HOME: '/cfg' };
    expect(applicationDataDir(env, 'win32')).toMatch(/AppData.Roaming.sne-guichet$/);
    expect(applicationDataDir(env, 'linux')).toBe(join('/cfg', 'sne-guichet'));
    expect(applicationDataDir({}, 'darwin')).toMatch(/Library.Application Support.sne-guichet$/);
  });
});
