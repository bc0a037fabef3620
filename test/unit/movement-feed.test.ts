// Movements over time: seeded per slot (same seed and clock, same movements), at the configured
// rate, never in the future, visible after the replication delay, and a long clock jump costs
// only the slots a GDM window can still reach.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock.ts';
import type { SimData } from '../../src-main/core/simulator/context.ts';
import { generateData } from '../../src-main/core/simulator/data-generator.ts';
import { MovementFeed } from '../../src-main/core/simulator/movement-feed.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = new Date('2025-06-02T08:00:00.000Z'); // on a minute boundary

function setup(options: { movementsPerHour: number; replicationDelayMs?: number }): {
  data: SimData;
  clock: ManualClock;
  feed: MovementFeed;
  history: Set<object>;
} {
  const clock = new ManualClock(START);
  const data = generateData({ seed: 5, volume: 120, now: START });
  const feed = new MovementFeed(data, clock, {
    seed: 5,
    movementsPerHour: options.movementsPerHour,
    replicationDelayMs: options.replicationDelayMs ?? 0,
    historyMs: 0,
  });
  return { data, clock, feed, history: new Set(data.movements) };
}

/** The feed's movements, without the generated history. */
const fresh = (s: ReturnType<typeof setup>): SimData['movements'] =>
  s.data.movements.filter((m) => !s.history.has(m));

describe('movement feed', () => {
  it('produces the configured rate, only up to the server now', () => {
    const s = setup({ movementsPerHour: 600 });
    s.clock.advance(2 * HOUR + 30_000);
    s.feed.catchUp();
    const made = fresh(s);
    // 10 per minute exactly when the rate divides evenly, plus part of the slot in progress.
    expect(made.length).toBeGreaterThanOrEqual(1200);
    expect(made.length).toBeLessThanOrEqual(1210);
    expect(made.every((m) => m.at.getTime() <= s.clock.now().getTime())).toBe(true);
    expect(made.every((m) => m.at.getTime() >= START.getTime())).toBe(true);
    expect(made.every((m) => m.natures.length > 0)).toBe(true);
  });

  it('gives the same movements for the same seed and clock, however often it is asked', () => {
    const once = setup({ movementsPerHour: 300 });
    once.clock.advance(90 * MIN);
    once.feed.catchUp();
    const often = setup({ movementsPerHour: 300 });
    for (let i = 0; i < 9; i++) {
      often.clock.advance(10 * MIN);
      often.feed.catchUp();
    }
    const key = (s: ReturnType<typeof setup>): string[] =>
      fresh(s).map((m) => `${m.numUnique}|${m.at.toISOString()}|${m.guichet}|${m.natures.join()}`);
    expect(key(often)).toEqual(key(once));
    expect(key(once).length).toBeGreaterThan(0);
  });

  it('makes each movement visible after the replication delay in force', () => {
    const s = setup({ movementsPerHour: 120, replicationDelayMs: 7 * MIN });
    s.clock.advance(30 * MIN);
    s.feed.catchUp();
    for (const m of fresh(s)) expect(m.visibleAt.getTime() - m.at.getTime()).toBe(7 * MIN);
    expect(() => s.feed.setReplicationDelay(21 * MIN)).toThrow(RangeError);
    s.feed.setReplicationDelay(0);
    const [now] = s.feed.generate({ count: 1 });
    expect(now?.visibleAt.getTime()).toBe(now?.at.getTime());
  });

  it('skips the slots no GDM window can reach after a 9-day jump', () => {
    const s = setup({ movementsPerHour: 60 });
    s.clock.advance(9 * DAY);
    s.feed.catchUp();
    const made = fresh(s);
    const oldest = Math.min(...made.map((m) => m.at.getTime()));
    expect(oldest).toBeGreaterThanOrEqual(s.clock.now().getTime() - 8 * DAY);
    // 8 days at 60 an hour, give or take the slot in progress.
    expect(made.length).toBeGreaterThanOrEqual(8 * 24 * 60 - 1);
    expect(made.length).toBeLessThanOrEqual(8 * 24 * 60 + 1);
    // The history from the start is out of reach now, and dropped from memory.
    expect(s.data.movements.length).toBe(made.length);
  });

  it('makes explicit movements on the chosen DLS, by the chosen guichet, reporting extra natures', () => {
    const s = setup({ movementsPerHour: 0 });
    const target = [...s.data.dls.values()].find((d) => !d.purgee);
    if (!target) throw new Error('no DLS generated');
    const at = new Date(START.getTime() - 5 * MIN);
    const [m] = s.feed.generate({
      numUniques: [target.numUnique],
      guichet: 'G1104',
      at,
      natures: ['pieces'],
    });
    expect(m).toMatchObject({ numUnique: target.numUnique, guichet: 'G1104', at });
    expect(m?.natures).toContain('pieces');
    expect(s.data.movements.at(-1)).toBe(m);
    const in22 = s.feed.generate({ count: 3, departement: '22' });
    for (const x of in22) expect(s.data.dls.get(x.numUnique)?.departements).toContain('22');
  });
});
