// Fault injection at 10 % per kind: the sync still converges (every job done or failed with the
// SNE's reason), never puts a fifth call in flight, and never breaks a GDM rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../../src-main/core/simulator/context.ts';
import {
  expectJournalClean,
  expectQueueSettled,
  HOUR,
  startHarness,
  type Harness,
} from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const KINDS: FaultKind[] = [
  'SOAP_RECEIVER',
  'SOAP_503',
  'HUNG',
  'TORN',
  'RESET',
  'MALFORMED_XML',
  'REST_429',
  'REST_503',
];

describe('sync under injected faults (10 % per kind)', () => {
  for (const kind of KINDS) {
    it(`converges with ${kind}`, async () => {
      h = await startHarness({
        sim: {
          latencyMs: 5,
          faultRate: 0.1,
          faultKinds: [kind],
          gdmPageSize: kind.startsWith('REST') ? 1 : 5,
          volume: 300,
        },
      });
      h.sim.generateMovements({ count: 60, guichet: 'G2201' });
      let result = await h.service.run();
      // A transient fault that hit GDM's first page leaves the window for the next allowed hour.
      if (result.sequence?.kind !== 'termine') {
        h.sim.clock.shift(HOUR + 5 * 60_000);
        result = await h.service.run();
      }
      expect(result.sequence?.kind).toBe('termine');
      expect(result.pending).toBe(0);
      expect(expectQueueSettled(h)).toBeGreaterThan(10);
      expectJournalClean(h.sim);
      const injected = h.sim.journal.entries().filter((e) => e.fault === kind);
      expect(injected.length, 'the fault was actually injected').toBeGreaterThan(0);
    });
  }
});
