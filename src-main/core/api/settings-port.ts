// The settings as the UI sees them, over the engine's SettingsStore (a JSON file for the CLI and
// browser mode, electron-store in the app). An empty "guichets exclus" means the default: the
// guichet's own code, which the store keeps as null.
import type { Settings } from '../api-types.ts';
import type { SettingsStore, StoredSettings } from '../settings.ts';
import type { SettingsPort } from './context.ts';

export function settingsPort(store: SettingsStore): SettingsPort {
  return {
    get: () => toSettings(store.get()),
    update: (patch) => {
      // The data folder is fixed at start (validation refuses it too); it is never patched here.
      const { guichetsExclus, ...rest } = patch;
      delete rest.dataDir;
      const next: Partial<StoredSettings> = { ...rest };
      if (guichetsExclus !== undefined) {
        next.guichetsExclus = guichetsExclus.length === 0 ? null : guichetsExclus;
      }
      // Leaving the simulator: its test CA must not replace the system's trust store for the SNE.
      const current = store.get();
      if (
        rest.environnement &&
        rest.environnement !== 'SIMULATEUR' &&
        current.environnement === 'SIMULATEUR'
      ) {
        next.connexion = { ...current.connexion, ca: null };
      }
      return toSettings(store.update(next));
    },
  };
}

function toSettings(stored: StoredSettings): Settings {
  return {
    environnement: stored.environnement,
    sneUrl: stored.sneUrl,
    departements: stored.departements,
    communes: stored.communes,
    guichetsExclus: stored.guichetsExclus ?? [],
    overlapMinutes: stored.overlapMinutes,
    horaires: stored.horaires,
    blocsLourdsALaDemande: stored.blocsLourdsALaDemande,
    dataDir: stored.dataDir,
  };
}
