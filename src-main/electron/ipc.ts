// IPC: one handler per GuichetApi method. Each checks that the message comes from the app's own
// page, then hands the unknown arguments to dispatchCall, which validates them. A refusal
// travels as an Error whose message is the JSON {code, message}: Electron keeps only the
// message of errors thrown by handlers.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import type { GuichetApi } from '../core/api-types.ts';
import { dispatchCall } from '../core/api/dispatch.ts';
import { apiArgumentSchemas } from '../core/api-validation.ts';
import type { Logger } from '../core/logger.ts';
import { isTrustedSender } from './guards.ts';

export const PROGRESS_CHANNEL = 'guichet:progress';

export function registerApiHandlers(
  api: GuichetApi,
  rendererUrl: string,
  logger: Logger,
): () => void {
  const methods = Object.keys(apiArgumentSchemas);
  for (const method of methods) {
    ipcMain.handle(`guichet:${method}`, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
        logger.warn('ipc.untrusted_sender', { method });
        throw new Error(JSON.stringify({ code: 'REFUSE', message: 'Origine non autorisée.' }));
      }
      const outcome = await dispatchCall(api, method, args, logger);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      return outcome.value;
    });
  }
  return () => methods.forEach((m) => ipcMain.removeHandler(`guichet:${m}`));
}

/** Forwards sync progress to the window while it lives. */
export function forwardProgress(api: GuichetApi, window: BrowserWindow): () => void {
  return api.onSyncProgress((progress) => {
    if (!window.isDestroyed()) window.webContents.send(PROGRESS_CHANNEL, progress);
  });
}
