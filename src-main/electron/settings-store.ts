// The application's settings in electron-store (a JSON file in the user's app data folder),
// behind the engine's SettingsStore interface. Values are checked by the core's own schema on
// update (via a file store in memory would duplicate it), so this only persists and merges.
import Store from 'electron-store';
import { defaultSettings, type SettingsStore, type StoredSettings } from '../core/settings.ts';

export function electronSettingsStore(dataDir: string): SettingsStore {
  const store = new Store<{ settings: Partial<StoredSettings> }>({
    name: 'parametres',
    defaults: { settings: {} },
  });
  const read = (): StoredSettings => ({
    ...defaultSettings(dataDir),
    ...store.get('settings'),
    dataDir,
  });
  return {
    get: read,
    update(patch) {
      const next = { ...read(), ...patch, dataDir };
      store.set('settings', next);
      return next;
    },
  };
}
