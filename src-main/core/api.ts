// GuichetApi, implemented once: each domain module builds its methods from the ApiContext and
// this file puts them together. Both transports (Electron IPC, browser-mode HTTP) call this
// object through api/dispatch.ts, which validates the arguments first.
import type { GuichetApi } from './api-types.ts';
import type { ApiContext } from './api/context.ts';
import { demandesApi } from './api/demandes-api.ts';
import { reportingApi } from './api/reporting-api.ts';
import { settingsApi } from './api/settings-api.ts';
import { syncApi } from './api/sync-api.ts';

export function createGuichetApi(ctx: ApiContext): GuichetApi {
  return {
    ...demandesApi(ctx),
    ...syncApi(ctx),
    ...settingsApi(ctx),
    ...reportingApi(ctx),
  };
}
