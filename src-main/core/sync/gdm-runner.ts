// Runs at most one GDM sequence: plans the window, commits the ledger entry, then pages through
// the sequence, storing each page with its cursor in one transaction. The watermark moves only
// with the last page. Everything the SNE may refuse is turned into an outcome the caller can
// show ("not before 14:32") or a GuichetError with a French message.
import { isoParis } from '../clock.ts';
import { isGuichetError, GuichetError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { BLOCS, BLOCS_LOURDS, type Bloc } from '../sne/blocs.ts';
import type { GdmClient, GdmFiltres, GdmPage, GdmRefus, GdmRequete } from '../sne/gdm-client.ts';
import {
  dropCursor,
  finishSequence,
  getSequence,
  insertSequence,
  openSequence,
  recordPage,
  type SequenceRow,
} from '../store/ledger.ts';
import { setMeta } from '../store/meta.ts';
import { recevoirMouvements } from '../store/mouvements.ts';
import { durableTransaction, inTransaction, type Store } from '../store/open.ts';
import { advanceWatermark, recordGap } from '../store/watermarks.ts';
import { sleep } from './backoff.ts';
import { filtreCle, normaliseFiltres } from './filters.ts';
import { loadPlannerState, META_RETRY_AFTER } from './planner-state.ts';
import type { SyncEvent } from './progress.ts';
import type { ServerClock } from './server-clock.ts';
import { MINUTE, planNext, type Plan, type PlannerPolicy } from './window-planner.ts';

export interface GdmRunnerDeps {
  store: Store;
  gdm: GdmClient;
  clock: ServerClock;
  policy: PlannerPolicy;
  filtres: GdmFiltres;
  /** Heavy blocks (cotation note, documents) are fetched on demand only. */
  blocsLourdsALaDemande: boolean;
  logger: Logger;
  emit: (event: SyncEvent) => void;
  signal?: AbortSignal;
  /** Longest Retry-After waited inside a run; a longer one ends the run. */
  maxInlineWaitMs?: number;
  /** Added to the sequence's start while the server's clock has never been observed. */
  unknownClockUncertaintyMs?: number;
}

export type SequenceOutcome =
  | { kind: 'termine'; sequenceId: number; depuisMs: number; jusqueMs: number; demandes: number }
  | { kind: 'attente'; untilMs: number; raison: 'frequence' | 'retry-after' }
  | { kind: 'interrompue'; sequenceId: number; raison: string; untilMs: number | null };

const MAX_PAGE_TRIES = 5;

export async function runGdmStage(deps: GdmRunnerDeps): Promise<SequenceOutcome> {
  const filtres = normaliseFiltres(deps.filtres);
  const cle = filtreCle(filtres);
  const start = claimSequence(deps, filtres, cle);
  if (start.kind === 'attente') {
    deps.logger.info('gdm.sequence.wait', { until: iso(start.untilMs), reason: start.raison });
    return start;
  }
  const sequence = start.sequence;
  deps.logger.info('gdm.sequence.start', {
    sequence: sequence.id,
    depuis: iso(sequence.depuisMs),
    jusque: sequence.jusqueMs === null ? null : iso(sequence.jusqueMs),
    resumed: start.reprise,
    pagesAlready: sequence.pages,
    filters: {
      departements: filtres.departements.length,
      communes: filtres.communes.length,
      guichetsExclus: filtres.guichetsExclus.length,
    },
  });
  deps.emit({
    type: 'fenetre',
    depuisMs: sequence.depuisMs,
    jusqueMs: sequence.jusqueMs,
    reprise: start.reprise,
  });
  return pageThrough(deps, sequence, filtres, cle);
}

/**
 * Plans and, when a new sequence is allowed, inserts its ledger entry, all in one IMMEDIATE
 * transaction: two processes started together cannot both decide to open a sequence.
 */
function claimSequence(
  deps: GdmRunnerDeps,
  filtres: GdmFiltres,
  cle: string,
):
  | { kind: 'attente'; untilMs: number; raison: 'frequence' | 'retry-after' }
  | { kind: 'sequence'; sequence: SequenceRow; reprise: boolean } {
  return durableTransaction(deps.store, () => {
    const nowMs = deps.clock.now();
    abandonForeignSequence(deps, cle, nowMs);
    const plan: Plan = planNext(loadPlannerState(deps.store, cle, nowMs), nowMs, deps.policy);
    if (plan.kind === 'wait')
      return { kind: 'attente', untilMs: plan.untilMs, raison: plan.reason };
    if (plan.kind === 'continue') {
      const row = getSequence(deps.store, plan.sequenceId);
      if (!row) throw new Error('open sequence vanished');
      return { kind: 'sequence', sequence: row, reprise: true };
    }
    if (plan.restartOf !== null) {
      finishSequence(
        deps.store,
        plan.restartOf,
        'ABANDONNEE',
        nowMs,
        'curseur perdu : fenêtre recommencée',
      );
    }
    if (plan.gap) {
      recordGap(deps.store, cle, plan.gap, nowMs);
      deps.logger.warn('gdm.gap', {
        depuis: iso(plan.gap.depuisMs),
        jusque: iso(plan.gap.jusqueMs),
      });
    }
    const id = insertSequence(deps.store, {
      filtreCle: cle,
      filtres: JSON.stringify(filtres),
      depuisMs: plan.depuisMs,
      jusqueMs: null,
      commenceMs: nowMs,
      incertitudeMs: deps.clock.known ? 0 : (deps.unknownClockUncertaintyMs ?? 30 * MINUTE),
    });
    const row = getSequence(deps.store, id);
    if (!row) throw new Error('ledger insert lost');
    return { kind: 'sequence', sequence: row, reprise: plan.restartOf !== null };
  });
}

/** A sequence left open under other filters cannot be continued: its cursor is tied to them. */
function abandonForeignSequence(deps: GdmRunnerDeps, cle: string, nowMs: number): void {
  const open = openSequence(deps.store);
  if (open && open.filtreCle !== cle) {
    finishSequence(deps.store, open.id, 'ABANDONNEE', nowMs, 'filtres modifiés');
  }
}

async function pageThrough(
  deps: GdmRunnerDeps,
  sequence: SequenceRow,
  filtres: GdmFiltres,
  cle: string,
): Promise<SequenceOutcome> {
  const seen = new Set<string>();
  const startedAt = performance.now();
  let curseur = sequence.curseur;
  let jusqueMs = sequence.jusqueMs;
  let pages = sequence.pages;
  let demandes = sequence.demandes;
  for (;;) {
    const requete: GdmRequete = { depuisMs: sequence.depuisMs, jusqueMs, filtres, curseur };
    const answer = await fetchPage(deps, requete, sequence);
    if (answer.kind === 'refus') return refused(deps, sequence, answer, curseur !== null);

    jusqueMs = answer.jusqueMs;
    pages += 1;
    demandes += answer.mouvements.length;
    const last = answer.curseur === null;
    if (!last && (seen.has(answer.curseur ?? '') || answer.curseur === curseur)) {
      return cursorLoop(deps, sequence);
    }
    if (answer.curseur !== null) seen.add(answer.curseur);
    storePage(deps, sequence, cle, answer, curseur === null);
    deps.logger.info('gdm.page', {
      sequence: sequence.id,
      page: pages,
      entries: answer.mouvements.length,
      total: answer.nombreTotal,
      last,
    });
    deps.emit({
      type: 'page',
      page: pages,
      pagesTotal: pagesTotal(answer, pages),
      demandes,
    });
    if (last) {
      deps.logger.info('gdm.sequence.done', {
        sequence: sequence.id,
        depuis: iso(sequence.depuisMs),
        jusque: iso(jusqueMs),
        pages,
        demandes,
        seconds: Math.round(performance.now() - startedAt) / 1000,
      });
      return {
        kind: 'termine',
        sequenceId: sequence.id,
        depuisMs: sequence.depuisMs,
        jusqueMs,
        demandes,
      };
    }
    curseur = answer.curseur;
  }
}

function pagesTotal(page: GdmPage, pages: number): number | null {
  if (page.nombreTotal === null) return null;
  if (page.curseur === null) return pages;
  const size = Math.max(1, page.mouvements.length);
  return Math.max(pages + 1, Math.ceil(page.nombreTotal / size));
}

/** One page and its cursor, atomically; the last page also ends the sequence and moves W. */
function storePage(
  deps: GdmRunnerDeps,
  sequence: SequenceRow,
  cle: string,
  page: GdmPage,
  firstPage: boolean,
): void {
  const aLaDemande = (b: Bloc): boolean => deps.blocsLourdsALaDemande && BLOCS_LOURDS.includes(b);
  // Heavy blocks on demand are recorded as moved (the demand page shows them waiting), not queued.
  const mouvements = page.mouvements.map((m) => ({
    numUnique: m.numUnique,
    dateMouvementMs: m.dateMouvementMs,
    aRecuperer: m.blocs.filter((b) => !aLaDemande(b)),
    signales: m.blocs.filter(aLaDemande),
  }));
  const premiereFois = {
    aRecuperer: BLOCS.filter((b) => !aLaDemande(b)),
    signales: BLOCS.filter(aLaDemande),
  };
  inTransaction(deps.store, () => {
    recevoirMouvements(deps.store, mouvements, premiereFois);
    recordPage(deps.store, sequence.id, {
      curseur: page.curseur,
      curseurMs: deps.clock.now(),
      jusqueMs: page.jusqueMs,
      commenceMs: firstPage ? page.jusqueMs : null,
      entries: page.mouvements.length,
      nombreTotal: page.nombreTotal,
    });
    if (page.curseur === null) {
      finishSequence(deps.store, sequence.id, 'TERMINEE', deps.clock.now());
      advanceWatermark(deps.store, cle, page.jusqueMs, sequence.id);
    }
  });
}

/** Asks for one page, waiting out short Retry-After answers and retrying page transport errors. */
async function fetchPage(
  deps: GdmRunnerDeps,
  requete: GdmRequete,
  sequence: SequenceRow,
): Promise<GdmPage | GdmRefus> {
  const maxWait = deps.maxInlineWaitMs ?? 2 * MINUTE;
  for (let attempt = 1; ; attempt++) {
    const sentMs = deps.clock.localNow();
    let response;
    try {
      response = await deps.gdm.getPage(requete, deps.signal ? { signal: deps.signal } : {});
    } catch (error) {
      await transportFailure(deps, error, requete, sequence, attempt);
      continue;
    }
    const receivedMs = deps.clock.localNow();
    const result = response.result;
    if (result.kind === 'page' && requete.jusqueMs === null) {
      deps.clock.observe(result.jusqueMs, sentMs, receivedMs, 'echo');
    } else {
      deps.clock.observeDateHeader(response.dateHeader, sentMs, receivedMs);
    }
    if (result.kind === 'page') return result;
    const waitable = result.refus === 'frequence' || result.refus === 'indisponible';
    const waitMs = result.retryAfterMs ?? 5_000;
    if (!waitable || waitMs > maxWait || attempt >= MAX_PAGE_TRIES) return result;
    deps.emit({ type: 'attente', jusquaMs: deps.clock.now() + waitMs, raison: result.code });
    await sleep(waitMs, deps.signal);
    throwIfAborted(deps.signal);
  }
}

/**
 * A page that failed in transit. A cursor page may be asked again (pages never count as new
 * sequences); the first page may not, since it may have reached the server: the sequence is
 * left open without a cursor and the window restarts when the hour allows.
 */
async function transportFailure(
  deps: GdmRunnerDeps,
  error: unknown,
  requete: GdmRequete,
  sequence: SequenceRow,
  attempt: number,
): Promise<void> {
  throwIfAborted(deps.signal);
  const transient = isGuichetError(error) && error.details.transient === true;
  if (requete.curseur === null && isGuichetError(error, 'TLS_REFUS')) {
    // Refused at the handshake: the server never saw the call.
    finishSequence(deps.store, sequence.id, 'REFUSEE', deps.clock.now(), error.code);
  }
  if (!transient || requete.curseur === null || attempt >= MAX_PAGE_TRIES) throw error;
  deps.logger.warn('gdm.page.retry', {
    attempt,
    code: isGuichetError(error) ? error.code : null,
    error,
  });
  await sleep(Math.min(30_000, 1_000 * 2 ** (attempt - 1)), deps.signal);
  throwIfAborted(deps.signal);
}

function refused(
  deps: GdmRunnerDeps,
  sequence: SequenceRow,
  refus: GdmRefus,
  midSequence: boolean,
): SequenceOutcome {
  const nowMs = deps.clock.now();
  deps.logger.warn('gdm.refused', { code: refus.code, status: refus.status, midSequence });
  if (refus.refus === 'curseur') {
    dropCursor(deps.store, sequence.id);
    return { kind: 'interrompue', sequenceId: sequence.id, raison: refus.code, untilMs: null };
  }
  if (refus.refus === 'frequence' || refus.refus === 'indisponible') {
    const untilMs = nowMs + (refus.retryAfterMs ?? 15 * MINUTE);
    inTransaction(deps.store, () => {
      setMeta(deps.store, META_RETRY_AFTER, String(untilMs));
      // Refused on its first page, the sequence never started on the server's side.
      if (!midSequence) finishSequence(deps.store, sequence.id, 'REFUSEE', nowMs, refus.code);
    });
    return { kind: 'interrompue', sequenceId: sequence.id, raison: refus.code, untilMs };
  }
  finishSequence(
    deps.store,
    sequence.id,
    midSequence ? 'ABANDONNEE' : 'REFUSEE',
    nowMs,
    refus.code,
  );
  throw refusalError(refus);
}

function cursorLoop(deps: GdmRunnerDeps, sequence: SequenceRow): SequenceOutcome {
  deps.logger.error('gdm.cursor.loop', { sequence: sequence.id });
  dropCursor(deps.store, sequence.id);
  throw new GuichetError(
    'SNE_REPONSE_INVALIDE',
    'Le SNE a renvoyé un curseur déjà vu (boucle de pagination) : la fenêtre sera redemandée à la prochaine synchronisation autorisée.',
    { transient: true },
  );
}

function refusalError(refus: GdmRefus): GuichetError {
  const detail = refus.message ? ` (${refus.message})` : '';
  switch (refus.refus) {
    case 'non-habilite':
      return new GuichetError(
        'SNE_REGLE',
        `Ce guichet n'est pas habilité au service des demandes mouvementées (GDM) : demandez l'activation à l'assistance nationale du SNE${detail}.`,
        { code: refus.code },
      );
    case 'profondeur':
    case 'periode':
      return new GuichetError(
        'SNE_REGLE',
        `Le SNE a refusé la fenêtre demandée${detail}. Vérifiez l'heure de cet ordinateur ; la synchronisation suivante recalculera la fenêtre.`,
        { code: refus.code },
      );
    default:
      return new GuichetError('SNE_ERREUR', `Le SNE a refusé la demande des mouvements${detail}.`, {
        code: refus.code,
        status: refus.status,
      });
  }
}

/** Log dates: ISO text, Paris time (a millisecond count could read like a NIR to a scanner). */
function iso(ms: number): string {
  return isoParis(new Date(ms));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new GuichetError('INTERNE', 'Synchronisation interrompue à la demande.', {
      aborted: true,
    });
  }
}
