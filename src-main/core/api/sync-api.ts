// GuichetApi: the synchronisation and its progress.
import type { GuichetApi } from '../api-types.ts';
import type { ApiContext } from './context.ts';

export function syncApi(
  ctx: ApiContext,
): Pick<
  GuichetApi,
  'getSyncStatus' | 'startSync' | 'retryFailures' | 'listSequences' | 'onSyncProgress'
> {
  return {
    getSyncStatus: () => ctx.sync.status(),
    startSync: () => ctx.sync.start(),
    retryFailures: () => ctx.sync.retryFailures(),
    listSequences: (limit) => ctx.sync.sequences(limit),
    onSyncProgress: (listener) => ctx.sync.onProgress(listener),
  };
}
