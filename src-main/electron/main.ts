// Electron main process entry. The only code that imports 'electron' lives in this folder;
// everything beyond windows, IPC, tray and notifications is the core's (api/app-runtime.ts).
import { app, BrowserWindow, Notification, screen, session } from 'electron';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Store from 'electron-store';
import type { SyncStatus } from '../core/api-types.ts';
import { openAppRuntime, type AppRuntime } from '../core/api/app-runtime.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { Scheduler } from '../core/sync/scheduler.ts';
import { hardenContents, hardenSession } from './hardening.ts';
import { forwardProgress, registerApiHandlers } from './ipc.ts';
import { electronSettingsStore } from './settings-store.ts';
import { syncEndNotice } from './sync-notice.ts';
import { createTray, type AppTray } from './tray.ts';
import { restoreWindowState, type WindowState } from './window-state.ts';

const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = process.env['ELECTRON_RENDERER_URL'] ?? pathToFileURL(rendererFile).href;
const windowStore = new Store<{ window: WindowState | null }>({
  name: 'fenetre',
  defaults: { window: null },
});

let mainWindow: BrowserWindow | null = null;

function createWindow(logger: Logger): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = restoreWindowState(windowStore.get('window'), displays);
  const window = new BrowserWindow({
    ...state,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'SNE Guichet',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links outside the navigation guards.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(window.webContents, logger);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    windowStore.set('window', { ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  void window.loadURL(rendererUrl);
  return window;
}

function showWindow(logger: Logger): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow(logger);
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logFile = join(app.getPath('logs'), 'sne-guichet.log');
  const logger = createLogger((r) => appendFileSync(logFile, `${JSON.stringify(r)}\n`), {
    subsystem: 'app',
  });
  hardenSession(session.defaultSession);

  let lastStatus: SyncStatus | null = null;
  let tray: AppTray | null = null;
  let opened: AppRuntime | null = null;
  const runtime: AppRuntime = await openAppRuntime({
    dataDir,
    logger,
    settings: electronSettingsStore(dataDir),
    onRunEnd: () => {
      void opened?.api.getSyncStatus().then((status) => {
        const notice = syncEndNotice(lastStatus, status);
        if (notice && Notification.isSupported()) new Notification(notice).show();
        lastStatus = status;
        tray?.update(status);
      });
    },
  });
  opened = runtime;
  const api = runtime.api;
  registerApiHandlers(api, rendererUrl, logger);
  lastStatus = await api.getSyncStatus();

  mainWindow = createWindow(logger);
  forwardProgress(api, mainWindow);
  tray = createTray(join(import.meta.dirname, '../../resources/icon.png'), {
    show: () => showWindow(logger),
    sync: () => void api.startSync().catch(() => undefined),
    quit: () => app.quit(),
  });
  api.onSyncProgress(() => void api.getSyncStatus().then((s) => tray?.update(s)));

  // The scheduler runs while the application is open; the planner keeps the SNE's rules.
  const scheduler = new Scheduler({
    horaires: () => runtime.settings.get().horaires,
    now: () => Date.now(),
    lastSequenceMs: () => {
      const at = lastStatus?.lastSequenceAt;
      return at ? Date.parse(at) : null;
    },
    runSync: async () => {
      const result = await runtime.service.run();
      return { nextAllowedMs: result.nextAllowedLocalMs };
    },
    logger,
  });
  scheduler.start();

  app.on('before-quit', () => {
    scheduler.stop();
    tray?.destroy();
    void runtime.close();
  });
  app.on('second-instance', () => showWindow(logger));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  void app.whenReady().then(start);
  app.on('window-all-closed', () => {
    // The tray keeps the scheduler alive on Windows and Linux; macOS keeps apps open by habit.
  });
}
