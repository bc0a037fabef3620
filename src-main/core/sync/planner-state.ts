// Reads what the window planner needs from the store. Kept apart from the planner so that the
// planner stays a pure function.
import { sequenceStarts, openSequence } from '../store/ledger.ts';
import { getMetaNumber } from '../store/meta.ts';
import type { Store } from '../store/open.ts';
import { getWatermark } from '../store/watermarks.ts';
import { DAY, type PlannerState } from './window-planner.ts';

export const META_RETRY_AFTER = 'gdm.retryAfterUntilMs';
export const META_SERVER_OFFSET = 'serverClock.offsetMs';
export const META_SERVER_SOURCE = 'serverClock.source';

export function loadPlannerState(
  store: Store,
  filtreCle: string,
  serverNowMs: number,
): PlannerState {
  const open = openSequence(store);
  return {
    watermarkMs: getWatermark(store, filtreCle),
    // A day back is plenty for the hourly rule; older starts cannot hold anything back.
    starts: sequenceStarts(store, serverNowMs - DAY),
    open:
      open && open.filtreCle === filtreCle
        ? {
            id: open.id,
            depuisMs: open.depuisMs,
            curseur: open.curseur,
            curseurMs: open.curseurMs,
          }
        : null,
    retryAfterUntilMs: getMetaNumber(store, META_RETRY_AFTER),
  };
}
