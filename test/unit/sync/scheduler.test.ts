// The scheduler's calendar: 08:30, 12:30 and 17:30 Paris time on working days (DST and French
// public holidays included), the catch-up at start, and the hourly rule keeping the last word.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logger.ts';
import { joursFeries, toParisWall } from '../../../src-main/core/sync/paris-time.ts';
import {
  needsCatchUp,
  nextSlot,
  previousSlot,
  Scheduler,
} from '../../../src-main/core/sync/scheduler.ts';

const HORAIRES = ['08:30', '12:30', '17:30'];

function paris(ms: number | null): string {
  if (ms === null) return 'null';
  const w = toParisWall(ms);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

describe('scheduler calendar', () => {
  it('keeps 08:30 Paris time on both sides of each DST change', () => {
    // Friday 28 March 2025 evening -> Monday 31 March (summer time since Sunday).
    const spring = nextSlot(Date.parse('2025-03-28T17:00:00Z'), HORAIRES);
    expect(paris(spring)).toBe('2025-03-31 08:30');
    expect(new Date(spring!).toISOString()).toBe('2025-03-31T06:30:00.000Z');
    // Friday 24 October 2025 evening -> Monday 27 October (winter time since Sunday).
    const autumn = nextSlot(Date.parse('2025-10-24T17:00:00Z'), HORAIRES);
    expect(new Date(autumn!).toISOString()).toBe('2025-10-27T07:30:00.000Z');
  });

  it('skips weekends and French public holidays (Easter Monday, 1 May, Ascension)', () => {
    expect(paris(nextSlot(Date.parse('2025-04-18T16:00:00Z'), HORAIRES))).toBe('2025-04-22 08:30');
    expect(paris(nextSlot(Date.parse('2025-04-30T16:00:00Z'), HORAIRES))).toBe('2025-05-02 08:30');
    expect(joursFeries(2025).has('05-29')).toBe(true); // Ascension 2025
    expect(joursFeries(2024).has('04-01')).toBe(true); // Easter Monday 2024
  });

  it('gives the next slot of the same day, and the previous one', () => {
    const tuesdayNoon = Date.parse('2025-06-10T10:00:00Z'); // 12:00 Paris
    expect(paris(nextSlot(tuesdayNoon, HORAIRES))).toBe('2025-06-10 12:30');
    expect(paris(previousSlot(tuesdayNoon, HORAIRES))).toBe('2025-06-10 08:30');
  });

  it('catches up at start when a slot passed without a sequence after it', () => {
    const now = Date.parse('2025-06-10T11:00:00Z'); // 13:00 Paris, after the 12:30 slot
    expect(needsCatchUp(now, Date.parse('2025-06-10T06:40:00Z'), HORAIRES)).toBe(true);
    expect(needsCatchUp(now, Date.parse('2025-06-10T10:35:00Z'), HORAIRES)).toBe(false);
    expect(needsCatchUp(now, null, HORAIRES)).toBe(true);
  });
});

describe('Scheduler', () => {
  it('runs a catch-up at once, then waits for the hour the planner gives before the next slot', async () => {
    let now = Date.parse('2025-06-10T11:00:00Z');
    const timers: { fn: () => void; ms: number }[] = [];
    const runs: number[] = [];
    const scheduler = new Scheduler({
      horaires: () => HORAIRES,
      now: () => now,
      lastSequenceMs: () => null,
      runSync: () => {
        runs.push(now);
        return Promise.resolve({ nextAllowedMs: runs.length === 1 ? null : now + 40 * 60_000 });
      },
      logger: silentLogger,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
    });
    scheduler.start();
    expect(timers.at(-1)?.ms).toBe(0);
    const fire = async (): Promise<void> => {
      const t = timers.shift()!;
      now += t.ms;
      t.fn();
      await new Promise((r) => setImmediate(r));
    };
    await fire(); // catch-up
    expect(runs).toHaveLength(1);
    expect(paris(now + timers.at(-1)!.ms)).toBe('2025-06-10 17:30');
    await fire(); // 17:30: the planner says 40 minutes more
    expect(timers.at(-1)!.ms).toBe(40 * 60_000);
    await fire();
    expect(runs).toHaveLength(3);
    scheduler.stop();
  });
});
