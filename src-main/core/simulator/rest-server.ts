// The simulator's REST side (/api/v1): routing, the REST faults, latency, the in-flight count,
// and one journal entry per call. What each route answers is decided elsewhere: GDM in
// gdm-service.ts, 3DS in reporting3ds-sim.ts, DRM in drm-sim.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { FaultKind, SimContext } from './context.ts';
import type { GdmService } from './gdm-service.ts';
import { wait } from './latency.ts';
import { restError, type RestAnswer } from './rest-answer.ts';
import { answerDrm } from './rest-drm.ts';
import { answerReporting3ds } from './rest-reporting3ds.ts';

export const REST_PREFIX = '/api/v1';
const DRM_PATH = /^\/demandes\/([^/]+)\/ressources-drm$/;
/** Retry-After (seconds) of an injected 429 or 503: short, so that fault runs stay fast. */
const FAULT_RETRY_AFTER_S = 1;

export type RestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  guichet: string,
  url: URL,
) => Promise<void>;

interface Route {
  operation: string;
  answer: (guichet: string) => RestAnswer;
}

export function createRestHandler(ctx: SimContext, gdm: GdmService, logger: Logger): RestHandler {
  const inFlight = new Map<string, number>();
  return async (req, res, guichet, url) => {
    const route = findRoute(ctx, gdm, url);
    const arrivedWith = inFlight.get(guichet) ?? 0;
    inFlight.set(guichet, arrivedWith + 1);
    const started = Date.now();
    try {
      req.resume(); // GET: nothing to read, but the socket must not stall on a stray body
      const fault = route && req.method === 'GET' ? ctx.faults.pick('REST') : null;
      const answer = decide(req, route, guichet, fault, url);
      await wait(ctx.latency.delayMs());
      send(res, answer);
      ctx.journal.record({
        guichet,
        kind: 'REST',
        operation: route?.operation ?? url.pathname,
        ...(answer.window ? { window: answer.window } : {}),
        ...(answer.numUnique ? { numUnique: answer.numUnique } : {}),
        inFlight: arrivedWith,
        status: answer.status,
        ...(answer.code ? { code: answer.code } : {}),
        ...(fault ? { fault } : {}),
        violations: answer.violations,
        durationMs: Date.now() - started,
      });
      if (answer.violations.length > 0) {
        logger.info('rule violation', { guichet, violations: answer.violations });
      }
    } finally {
      inFlight.set(guichet, (inFlight.get(guichet) ?? 1) - 1);
    }
  };
}

function findRoute(ctx: SimContext, gdm: GdmService, url: URL): Route | null {
  const path = url.pathname.slice(REST_PREFIX.length);
  const params = url.searchParams;
  if (path === '/demandes-mouvementees') {
    return { operation: 'getDemandesMouvementees', answer: (g) => gdm.handle(g, params) };
  }
  if (path === '/reporting-3ds') {
    return { operation: 'getReporting3ds', answer: (g) => answerReporting3ds(ctx, g, params) };
  }
  const drm = DRM_PATH.exec(path);
  if (drm) {
    const numUnique = decodeURIComponent(drm[1] ?? '');
    return { operation: 'getRessourcesDrm', answer: (g) => answerDrm(ctx, g, numUnique) };
  }
  return null;
}

function decide(
  req: IncomingMessage,
  route: Route | null,
  guichet: string,
  fault: FaultKind | null,
  url: URL,
): RestAnswer {
  if (!route) {
    return restError(404, 'RESSOURCE_INCONNUE', `Aucun service à l’adresse ${url.pathname}.`);
  }
  if (req.method !== 'GET') {
    return restError(405, 'METHODE_NON_AUTORISEE', 'Seule la méthode GET est acceptée ici.', {
      headers: { allow: 'GET' },
    });
  }
  if (fault === 'REST_429') {
    // An injected throttle, as a loaded SNE would answer; it is not a rule violation.
    return restError(
      429,
      route.operation === 'getDemandesMouvementees' ? 'GDM_FREQUENCE_MAX' : 'SNE_SURCHARGE',
      'Le SNE limite temporairement les appels : réessayez dans quelques secondes.',
      { headers: { 'retry-after': String(FAULT_RETRY_AFTER_S) } },
    );
  }
  if (fault === 'REST_503') {
    return restError(
      503,
      'SNE_INDISPONIBLE',
      'Le SNE est momentanément indisponible (maintenance ou surcharge) : réessayez plus tard.',
      { headers: { 'retry-after': String(FAULT_RETRY_AFTER_S) } },
    );
  }
  return route.answer(guichet);
}

function send(res: ServerResponse, answer: RestAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
  });
  res.end(body);
}
