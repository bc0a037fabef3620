// The tray icon: the sync state at a glance, and a way back to the window.
import { Menu, Tray, nativeImage } from 'electron';
import type { SyncStatus } from '../core/api-types.ts';
import { trayTooltip } from './sync-notice.ts';

export interface AppTray {
  update(status: SyncStatus | null): void;
  destroy(): void;
}

export function createTray(
  iconPath: string,
  actions: { show: () => void; sync: () => void; quit: () => void },
): AppTray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Ouvrir SNE Guichet', click: actions.show },
      { label: 'Synchroniser maintenant', click: actions.sync },
      { type: 'separator' },
      { label: 'Quitter', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  tray.setToolTip(trayTooltip(null));
  return {
    update: (status) => tray.setToolTip(trayTooltip(status)),
    destroy: () => tray.destroy(),
  };
}
