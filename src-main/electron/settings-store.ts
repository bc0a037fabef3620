// The application's settings in electron-store, behind the engine's SettingsStore interface.
// The file is the data folder's settings.json, the one the CLI reads and writes too, so that
// `sne-guichet sync` run by IT on the same machine sees what the agent set in Paramètres.
// Both directions go through the core's schema.
import Store from 'electron-store';
import {
  checkSettings,
  parseStoredSettings,
  type SettingsStore,
  type StoredSettings,
} from '../core/settings.ts';

export function electronSettingsStore(dataDir: string): SettingsStore {
  const store = new Store<Record<string, unknown>>({
    cwd: dataDir,
    name: 'settings',
    clearInvalidConfig: false,
  });
  const read = (): StoredSettings => parseStoredSettings(store.store, dataDir, store.path);
  return {
    get: read,
    update(patch) {
      const next = checkSettings({ ...read(), ...patch, dataDir });
      store.store = { ...next };
      return next;
    },
  };
}
