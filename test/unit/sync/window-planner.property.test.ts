// Property tests of the window planner against a model of the SNE's rules: over random
// histories (runs days or minutes apart, crashes before and after the first page, a client
// clock off by up to 20 minutes, histories that straddle both Europe/Paris DST changes), the
// server never sees two sequences less than an hour apart nor a window deeper than 7 days (I4),
// and every window starts at or before the previous one's end unless a gap is recorded (I1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  HOUR,
  MINUTE,
  DAY,
  planNext,
  type PlannerState,
} from '../../../src-main/core/sync/window-planner.ts';

interface Ledger {
  id: number;
  commenceMs: number;
  incertitudeMs: number;
  statut: 'EN_COURS' | 'TERMINEE' | 'ABANDONNEE';
  depuisMs: number;
  curseur: string | null;
  curseurMs: number | null;
}

type Crash = 'none' | 'beforeFirstPage' | 'afterFirstPage';

interface Step {
  advanceMs: number;
  crash: Crash;
  reachedServer: boolean;
  driftMs: number;
}

const DST_SPRING = Date.parse('2025-03-30T01:00:00Z');
const DST_AUTUMN = Date.parse('2025-10-26T01:00:00Z');

const stepArb: fc.Arbitrary<Step> = fc.record({
  advanceMs: fc.oneof(
    fc.integer({ min: 1, max: 90 }).map((m) => m * MINUTE),
    fc.integer({ min: 1, max: 30 }).map((h) => h * HOUR),
    fc.integer({ min: 1, max: 10 }).map((d) => d * DAY),
  ),
  crash: fc.constantFrom<Crash>('none', 'none', 'none', 'beforeFirstPage', 'afterFirstPage'),
  reachedServer: fc.boolean(),
  driftMs: fc.integer({ min: -30_000, max: 30_000 }),
});

const historyArb = fc.record({
  start: fc.oneof(
    fc.integer({ min: -3 * DAY, max: 0 }).map((d) => DST_SPRING + d),
    fc.integer({ min: -3 * DAY, max: 0 }).map((d) => DST_AUTUMN + d),
  ),
  skewMs: fc.integer({ min: -20 * MINUTE, max: 20 * MINUTE }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
});

function simulate(history: { start: number; skewMs: number; steps: Step[] }) {
  let t = history.start; // true (server) time
  let skew = history.skewMs;
  let offset: number | null = null; // what the client learned: server - local
  let watermark: number | null = null;
  let nextId = 1;
  const ledger: Ledger[] = [];
  const serverStarts: number[] = [];
  const deepRequests: number[] = [];
  const windows: { depuisMs: number; jusqueMs: number }[] = [];
  const gaps: { depuisMs: number; jusqueMs: number }[] = [];
  const refusedCursors: number[] = [];

  for (const step of history.steps) {
    t += step.advanceMs;
    skew += step.driftMs;
    const estimate = t + skew + (offset ?? 0);
    const open = ledger.find((l) => l.statut === 'EN_COURS') ?? null;
    const state: PlannerState = {
      watermarkMs: watermark,
      starts: ledger.map((l) => ({ commenceMs: l.commenceMs, incertitudeMs: l.incertitudeMs })),
      open: open && {
        id: open.id,
        depuisMs: open.depuisMs,
        curseur: open.curseur,
        curseurMs: open.curseurMs,
      },
      retryAfterUntilMs: null,
    };
    const plan = planNext(state, estimate, DEFAULT_POLICY);
    if (plan.kind === 'wait') continue;

    if (plan.kind === 'continue') {
      const seq = ledger.find((l) => l.id === plan.sequenceId);
      if (!seq || seq.curseurMs === null) throw new Error('continue without cursor');
      if (t - seq.curseurMs > 15 * MINUTE) refusedCursors.push(t);
      seq.statut = 'TERMINEE';
      windows.push({ depuisMs: seq.depuisMs, jusqueMs: seq.commenceMs });
      watermark = Math.max(watermark ?? 0, seq.commenceMs);
      continue;
    }

    if (plan.restartOf !== null) {
      const old = ledger.find((l) => l.id === plan.restartOf);
      if (old) old.statut = 'ABANDONNEE';
    }
    if (plan.gap) gaps.push(plan.gap);
    const seq: Ledger = {
      id: nextId++,
      commenceMs: estimate,
      incertitudeMs: offset === null ? 30 * MINUTE : 0,
      statut: 'EN_COURS',
      depuisMs: plan.depuisMs,
      curseur: null,
      curseurMs: null,
    };
    ledger.push(seq);
    if (step.crash === 'beforeFirstPage' && !step.reachedServer) continue;
    // The server receives the first call a moment later.
    const arrival = t + 200;
    serverStarts.push(arrival);
    if (arrival - plan.depuisMs > 7 * DAY) deepRequests.push(arrival);
    if (step.crash === 'beforeFirstPage') continue;
    offset = arrival - (t + skew); // the jusque echo
    seq.commenceMs = arrival;
    seq.incertitudeMs = 0;
    if (step.crash === 'afterFirstPage') {
      seq.curseur = `c${seq.id}`;
      seq.curseurMs = arrival;
      continue;
    }
    seq.statut = 'TERMINEE';
    windows.push({ depuisMs: plan.depuisMs, jusqueMs: arrival });
    watermark = Math.max(watermark ?? 0, arrival);
  }
  return { serverStarts, deepRequests, windows, gaps, refusedCursors };
}

describe('window planner (property)', () => {
  it('I4: the server never sees two new sequences less than 60 minutes apart, nor depth > 7 days', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const { serverStarts, deepRequests, refusedCursors } = simulate(history);
        for (let i = 1; i < serverStarts.length; i++) {
          expect(serverStarts[i]! - serverStarts[i - 1]!).toBeGreaterThanOrEqual(60 * MINUTE);
        }
        expect(deepRequests).toEqual([]);
        expect(refusedCursors).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('I1: each window starts at or before the previous end, or the hole is a recorded gap', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const { windows, gaps } = simulate(history);
        for (let i = 1; i < windows.length; i++) {
          const previousEnd = Math.max(...windows.slice(0, i).map((w) => w.jusqueMs));
          const w = windows[i]!;
          if (w.depuisMs <= previousEnd) continue;
          const covered = gaps.some((g) => g.depuisMs <= previousEnd && g.jusqueMs >= w.depuisMs);
          expect(covered, `hole [${previousEnd}, ${w.depuisMs}) without a gap`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('I4 holds after a first sequence lost before its first page with a clock 20 minutes slow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20 * MINUTE, max: -5 * MINUTE }),
        fc.integer({ min: 30, max: 90 }),
        (skewMs, minutes) => {
          const { serverStarts } = simulate({
            start: DST_AUTUMN,
            skewMs,
            steps: [
              { advanceMs: MINUTE, crash: 'beforeFirstPage', reachedServer: true, driftMs: 0 },
              { advanceMs: minutes * MINUTE, crash: 'none', reachedServer: true, driftMs: 0 },
            ],
          });
          if (serverStarts.length === 2) {
            expect(serverStarts[1]! - serverStarts[0]!).toBeGreaterThanOrEqual(60 * MINUTE);
          }
        },
      ),
    );
  });

  it('records a gap when the application stayed closed longer than the depth', () => {
    const { windows, gaps } = simulate({
      start: DST_SPRING,
      skewMs: 0,
      steps: [
        { advanceMs: MINUTE, crash: 'none', reachedServer: true, driftMs: 0 },
        { advanceMs: 9 * DAY, crash: 'none', reachedServer: true, driftMs: 0 },
      ],
    });
    expect(windows).toHaveLength(2);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.depuisMs).toBe(windows[0]!.jusqueMs);
    expect(gaps[0]!.jusqueMs).toBe(windows[1]!.depuisMs);
  });
});
