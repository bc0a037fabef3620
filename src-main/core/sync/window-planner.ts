// The GDM window planner: a pure function from what is known (watermark, ledger, the server's
// time as estimated, the policy) to what may be done now. It never reads a clock itself, so
// the property tests can replay any history, clock skew and DST change.
//
// All times are epoch milliseconds on the SERVER's clock. Europe/Paris DST changes do not
// affect windows (instants, not wall times); they only matter to the scheduler.

export interface PlannerPolicy {
  /** How far the next window starts before the previous one's end (replica delay). */
  overlapMs: number;
  /** The SNE's depth limit: depuis at most this long before the server's now. */
  depthMs: number;
  /** Kept off the depth limit, for clock estimate error and the time the call takes. */
  depthMarginMs: number;
  /** Between two new sequences; never below an hour whatever the settings say. */
  minIntervalMs: number;
  /** Added to the interval: error of the server-clock estimate and network time. */
  intervalMarginMs: number;
  /** A cursor expires this long after the page that issued it. */
  cursorLifetimeMs: number;
  cursorMarginMs: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const DEFAULT_POLICY: PlannerPolicy = {
  overlapMs: 30 * MINUTE,
  depthMs: 7 * DAY,
  depthMarginMs: HOUR,
  minIntervalMs: HOUR,
  intervalMarginMs: 2 * MINUTE,
  cursorLifetimeMs: 15 * MINUTE,
  cursorMarginMs: 2 * MINUTE,
};

/** The policy with the SNE's hard limits enforced, whatever the settings asked. */
export function normalisePolicy(policy: Partial<PlannerPolicy>): PlannerPolicy {
  const p = { ...DEFAULT_POLICY, ...policy };
  return {
    ...p,
    overlapMs: Math.min(Math.max(0, p.overlapMs), 6 * HOUR),
    depthMs: Math.min(p.depthMs, DEFAULT_POLICY.depthMs),
    minIntervalMs: Math.max(p.minIntervalMs, HOUR),
  };
}

export interface OpenSequence {
  id: number;
  depuisMs: number;
  curseur: string | null;
  /** Server time of the page that issued the cursor. */
  curseurMs: number | null;
}

export interface PlannerState {
  /** End of the last fully paged window for the current filters; null before the first. */
  watermarkMs: number | null;
  /** Starts of the sequences that may have reached the server, with their uncertainty. */
  starts: readonly { commenceMs: number; incertitudeMs: number }[];
  open: OpenSequence | null;
  /** The server said (Retry-After) not to start before this. */
  retryAfterUntilMs: number | null;
}

export interface Gap {
  depuisMs: number;
  jusqueMs: number;
}

export type Plan =
  | { kind: 'continue'; sequenceId: number; curseur: string }
  | { kind: 'run'; depuisMs: number; gap: Gap | null; restartOf: number | null }
  | { kind: 'wait'; untilMs: number; reason: 'frequence' | 'retry-after' };

export function planNext(state: PlannerState, serverNowMs: number, policy: PlannerPolicy): Plan {
  const open = state.open;
  if (open?.curseur && open.curseurMs !== null) {
    const age = serverNowMs - open.curseurMs;
    if (age < policy.cursorLifetimeMs - policy.cursorMarginMs) {
      return { kind: 'continue', sequenceId: open.id, curseur: open.curseur };
    }
  }

  const wait = nextAllowedAt(state, policy);
  if (wait !== null && serverNowMs < wait.untilMs) return { kind: 'wait', ...wait };

  const earliest = serverNowMs - policy.depthMs + policy.depthMarginMs;
  const base = open
    ? open.depuisMs
    : state.watermarkMs === null
      ? null
      : state.watermarkMs - policy.overlapMs;
  if (base === null) return { kind: 'run', depuisMs: earliest, gap: null, restartOf: null };
  if (base >= earliest)
    return { kind: 'run', depuisMs: base, gap: null, restartOf: open?.id ?? null };

  const coveredUntil = state.watermarkMs ?? base;
  const gap = coveredUntil < earliest ? { depuisMs: coveredUntil, jusqueMs: earliest } : null;
  return { kind: 'run', depuisMs: earliest, gap, restartOf: open?.id ?? null };
}

/** When the next new sequence is allowed, or null when nothing holds it back. */
export function nextAllowedAt(
  state: Pick<PlannerState, 'starts' | 'retryAfterUntilMs'>,
  policy: PlannerPolicy,
): { untilMs: number; reason: 'frequence' | 'retry-after' } | null {
  let until: { untilMs: number; reason: 'frequence' | 'retry-after' } | null = null;
  for (const s of state.starts) {
    const t = s.commenceMs + s.incertitudeMs + policy.minIntervalMs + policy.intervalMarginMs;
    if (until === null || t > until.untilMs) until = { untilMs: t, reason: 'frequence' };
  }
  const retry = state.retryAfterUntilMs;
  if (retry !== null && (until === null || retry > until.untilMs)) {
    until = { untilMs: retry, reason: 'retry-after' };
  }
  return until;
}
