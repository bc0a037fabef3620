// The sync engine against the simulator over HTTPS with mutual TLS: every moved DLS fetched with
// at most 4 calls in flight (I2, I3), a second run held back by the hourly rule without a GDM
// call (I4), client clock skew, a window across each DST change, nine days closed (gap), ten
// starts in five minutes, a DLS that moves again while being fetched.
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCS_LOURDS, BLOCS, type Bloc } from '../../../src-main/core/sne/blocs.ts';
import { getDemandeVue } from '../../../src-main/core/api/demande-detail.ts';
import { OPERATIONS } from '../../../src-main/core/sne/soap-wire.ts';
import { queueCounts } from '../../../src-main/core/store/jobs.ts';
import {
  expectBlocsMatchSimulator,
  expectQueueSettled,
  expectJournalClean,
  gdmSequences,
  HOUR,
  MINUTE,
  startHarness,
  type Harness,
} from './harness.ts';

const LIGHT = BLOCS.filter((b) => !BLOCS_LOURDS.includes(b));
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

type Moved = Map<string, Bloc[]>;

/** Moves `count` DLS (by another guichet); returns, per DLS, the light blocks that moved. */
function moved(harness: Harness, count: number, guichet = 'G2201'): Moved {
  const out: Moved = new Map();
  for (const m of harness.sim.generateMovements({ count, guichet })) {
    const blocs = new Set([
      ...(out.get(m.numUnique) ?? []),
      ...m.natures.filter((b) => LIGHT.includes(b)),
    ]);
    out.set(m.numUnique, [...blocs]);
  }
  return out;
}

/** The moved DLS that GDM returned (the guichet's territory) are all fetched or failed (I2). */
function expectMovedFetched(harness: Harness, m: Moved): void {
  const returned = new Set(
    harness.store.db.prepare('SELECT num_unique FROM demandes').pluck().all() as string[],
  );
  let checked = 0;
  for (const [num, blocs] of m) {
    if (returned.has(num)) checked += expectBlocsMatchSimulator(harness, [num], blocs);
  }
  expect(checked).toBeGreaterThan(0);
  expect(expectQueueSettled(harness)).toBeGreaterThan(0);
}

describe('sync engine against the simulator', () => {
  it('fetches every moved DLS with at most 4 calls in flight, then waits an hour without calling GDM', async () => {
    h = await startHarness({ sim: { latencyMs: 15, jitterMs: 10 } });
    const nums = moved(h, 40);
    const result = await h.service.run();
    expect(result.sequence?.kind).toBe('termine');
    expect(result.pending).toBe(0);
    expectMovedFetched(h, nums);
    const counts = queueCounts(h.store);
    expect(counts.pending).toBe(0);
    expect(counts.done + counts.failed).toBeGreaterThanOrEqual(nums.size);
    expect(h.sim.journal.tls.handshakes).toBeLessThanOrEqual(5); // 4 SOAP slots + 1 GDM

    const second = await h.service.run();
    expect(second.sequence?.kind).toBe('attente');
    expect(gdmSequences(h.sim)).toHaveLength(1);
    expectJournalClean(h.sim);
  });

  it('records heavy blocks that moved as waiting, without a call, until the user refreshes the DLS', async () => {
    h = await startHarness({ sim: { latencyMs: 5 } });
    const heavy = new Map<string, Set<Bloc>>();
    for (const m of h.sim.generateMovements({ count: 40, guichet: 'G2201' })) {
      for (const b of m.natures.filter((x) => BLOCS_LOURDS.includes(x))) {
        heavy.set(m.numUnique, (heavy.get(m.numUnique) ?? new Set()).add(b));
      }
    }
    const result = await h.service.run();
    expect(result.sequence?.kind).toBe('termine');
    const returned = new Set(
      h.store.db.prepare('SELECT num_unique FROM demandes').pluck().all() as string[],
    );
    const waiting = [...heavy].filter(([n]) => returned.has(n));
    expect(waiting.length).toBeGreaterThan(0);
    const heavyOps = new Set(BLOCS_LOURDS.map((b) => OPERATIONS[b].nom));
    const heavyCalls = (): number =>
      h!.sim.journal.entries().filter((e) => e.kind === 'SOAP' && heavyOps.has(e.operation)).length;
    expect(heavyCalls()).toBe(0);
    // The cache was empty: every DLS is new to it, so all its heavy blocks wait, not only those
    // the movement named.
    for (const [num] of waiting) {
      const vue = getDemandeVue(h.store, num, true)!;
      expect(vue.enAttente.filter((b) => BLOCS_LOURDS.includes(b)).sort()).toEqual(
        [...BLOCS_LOURDS].sort(),
      );
      for (const b of BLOCS_LOURDS) {
        expect(vue.manquants.find((m) => m.bloc === b)?.raison).toMatch(/à la demande.*Actualiser/);
      }
    }

    const [num, blocs] = waiting[0]!;
    await h.service.refreshDemande(num);
    // "Actualiser" fetches the heavy blocks signalled and those never fetched (here: both).
    expect(heavyCalls()).toBe(BLOCS_LOURDS.length);
    const after = getDemandeVue(h.store, num, true)!;
    expect(after.enAttente).toEqual([]);
    for (const b of blocs) expect(after.blocs[b]).toBeDefined();
    expect(expectBlocsMatchSimulator(h, [num], BLOCS_LOURDS)).toBe(BLOCS_LOURDS.length);
    // The other DLS still wait.
    for (const [other] of waiting.slice(1)) {
      expect(getDemandeVue(h.store, other, true)!.enAttente.length).toBeGreaterThan(0);
    }
  });

  it('excludes the guichet’s own movements by default (guichetsExclus)', async () => {
    h = await startHarness();
    const own = h.sim.generateMovements({ count: 8, guichet: 'G1104' }).map((m) => m.numUnique);
    const byOthers = new Set(
      h.sim.ctx.data.movements.filter((m) => m.guichet !== 'G1104').map((m) => m.numUnique),
    );
    const onlyOwn = own.filter((n) => !byOthers.has(n));
    expect(onlyOwn.length).toBeGreaterThan(0);
    const result = await h.service.run();
    expect(result.sequence?.kind).toBe('termine');
    const known = h.store.db.prepare('SELECT num_unique FROM demandes').pluck().all() as string[];
    expect(known.filter((n) => onlyOwn.includes(n))).toEqual([]);
  });

  for (const skew of [-20 * MINUTE, 20 * MINUTE]) {
    it(`keeps the SNE rules with a client clock ${skew / MINUTE} minutes off the server`, async () => {
      h = await startHarness({ skewMs: skew });
      moved(h, 5);
      expect((await h.service.run()).sequence?.kind).toBe('termine');
      h.sim.clock.shift(45 * MINUTE);
      expect((await h.service.run()).sequence?.kind).toBe('attente');
      h.sim.clock.shift(20 * MINUTE);
      moved(h, 5);
      expect((await h.service.run()).sequence?.kind).toBe('termine');
      expect(gdmSequences(h.sim)).toHaveLength(2);
      expectJournalClean(h.sim);
    });
  }

  for (const [name, change] of [
    ['spring', '2025-03-30T01:00:00Z'],
    ['autumn', '2025-10-26T01:00:00Z'],
  ] as const) {
    it(`runs windows across the ${name} DST change without gap nor overlap loss`, async () => {
      const offset = Date.parse(change) - 90 * MINUTE - Date.now();
      h = await startHarness({ sim: { clockOffsetMs: offset } });
      moved(h, 3);
      await h.service.run();
      h.sim.clock.shift(2 * HOUR); // now 30 minutes past the change
      const across = moved(h, 6);
      const result = await h.service.run();
      expect(result.sequence?.kind).toBe('termine');
      if (result.sequence?.kind !== 'termine') return;
      expect(result.sequence.depuisMs).toBeLessThan(Date.parse(change));
      expect(result.sequence.jusqueMs).toBeGreaterThan(Date.parse(change));
      expectMovedFetched(h, across);
      expectJournalClean(h.sim);
    });
  }

  it('records a gap after nine days closed and starts within the 7-day depth', async () => {
    h = await startHarness();
    moved(h, 3);
    await h.service.run();
    const before = h.service.status().watermark;
    h.sim.clock.shift(9 * 24 * HOUR);
    moved(h, 3);
    const result = await h.service.run();
    expect(result.sequence?.kind).toBe('termine');
    const status = h.service.status();
    expect(status.gaps).toHaveLength(1);
    expect(status.gaps[0]?.depuis).toBe(before);
    const gapEnd = Date.parse(status.gaps[0]!.jusque);
    expect(h.sim.clock.now().getTime() - gapEnd).toBeLessThanOrEqual(7 * 24 * HOUR);
    // The SNE watches (never refuses) the hole and the quiet day: both are real here.
    expectJournalClean(h.sim, ['GDM_TROU_ENTRE_FENETRES', 'GDM_MOINS_DE_2_SEQUENCES_24H']);
    const depthRefusals = h.sim.journal.entries().filter((e) => e.code === 'GDM_PROFONDEUR_MAX');
    expect(depthRefusals).toEqual([]);
  });

  it('opens one sequence only when started ten times in five minutes, some at once', async () => {
    h = await startHarness({ sim: { latencyMs: 10 } });
    moved(h, 10);
    const second = h.makeService();
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const both = await Promise.all([h.service.run(), second.service.run()]);
        outcomes.push(...both.map((r) => (r.busy ? 'busy' : (r.sequence?.kind ?? 'none'))));
        h.sim.clock.shift(60_000);
      }
    } finally {
      second.close();
    }
    expect(outcomes).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'termine')).toHaveLength(1);
    expect(
      outcomes.filter((o) => o !== 'termine').every((o) => o === 'busy' || o === 'attente'),
    ).toBe(true);
    expect(gdmSequences(h.sim)).toHaveLength(1);
    expectJournalClean(h.sim);
  });

  it('converges when a DLS moves again while its blocks are being fetched', async () => {
    h = await startHarness({ sim: { latencyMs: 20 } });
    moved(h, 12);
    let target: string | null = null;
    const off = h.service.onProgress((event) => {
      if (event.type === 'blocs' && target === null) {
        // A DLS GDM returned, moved again on the SNE while the queue is fetching it.
        target = h!.store.db.prepare('SELECT num_unique FROM jobs LIMIT 1').pluck().get() as string;
        h!.sim.generateMovements({ numUniques: [target], guichet: 'G2201', natures: LIGHT });
      }
    });
    await h.service.run();
    off();
    h.sim.clock.shift(63 * MINUTE);
    const second = await h.service.run();
    expect(second.sequence).toMatchObject({ kind: 'termine' });
    expect(target).not.toBeNull();
    expectBlocsMatchSimulator(h, [target!], LIGHT);
    expectQueueSettled(h);
    expectJournalClean(h.sim);
  });
});
