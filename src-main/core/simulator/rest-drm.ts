// GET /demandes/{numUnique}/ressources-drm: which guichet may ask for which number. The
// refusals about the applicant and the three-month window are drm-sim.ts's. A monthly refresh
// changes that window without creating any GDM movement, as the SNE announced: nothing here
// touches the movements.
import type { SimContext } from './context.ts';
import { drmWindow } from './drm-sim.ts';
import { restError, type RestAnswer } from './rest-answer.ts';

const NUM_UNIQUE = /^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/;

export function answerDrm(ctx: SimContext, guichetCode: string, numUnique: string): RestAnswer {
  const answer = decideDrm(ctx, guichetCode, numUnique);
  return NUM_UNIQUE.test(numUnique) ? { ...answer, numUnique } : answer;
}

function decideDrm(ctx: SimContext, guichetCode: string, numUnique: string): RestAnswer {
  const dls = NUM_UNIQUE.test(numUnique) ? ctx.data.dls.get(numUnique) : undefined;
  const guichet = ctx.data.guichets.get(guichetCode);
  // A DLS outside the guichet's departments is answered as unknown: the service does not
  // reveal which numbers exist elsewhere.
  const visible =
    dls !== undefined &&
    !dls.purgee &&
    guichet !== undefined &&
    dls.departements.some((d) => guichet.departements.includes(d));
  if (!visible) {
    return restError(404, 'DRM_DEMANDE_INCONNUE', 'Aucune demande de ce numéro n’est accessible.');
  }
  // NIR and civil-status refusals are drm-sim.ts's, with the window itself.
  const result = drmWindow(dls, ctx.clock.now());
  if (!result.ok) return restError(result.status, result.code, result.message);
  return { status: 200, body: result.body, violations: [] };
}
