// Settings persisted as JSON in the data directory: defaults, updates that survive a reopen,
// guichetsExclus defaulting to the guichet's own code, and a clear French error on a bad file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fileSettingsStore,
  guichetsExclusEffectifs,
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
});
