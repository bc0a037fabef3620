// Fault injection: per-kind rates within their scope, the same draws for the same seed, and
// rates that make no sense refused.
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src-main/core/simulator/context.ts';
import { SimFaults } from '../../src-main/core/simulator/faults.ts';
import { SimLatency } from '../../src-main/core/simulator/latency.ts';

function draws(faults: SimFaults, scope: 'SOAP' | 'REST', n: number): (FaultKind | null)[] {
  return Array.from({ length: n }, () => faults.pick(scope));
}

describe('fault plan', () => {
  it('draws each kind at its rate, in its scope only', () => {
    const faults = new SimFaults(1, { rates: { TORN: 0.1, RESET: 0.05, REST_503: 0.2 } });
    const soap = draws(faults, 'SOAP', 20_000);
    const rest = draws(faults, 'REST', 20_000);
    const share = (xs: (FaultKind | null)[], k: FaultKind): number =>
      xs.filter((x) => x === k).length / xs.length;
    expect(share(soap, 'TORN')).toBeCloseTo(0.1, 1);
    expect(share(soap, 'RESET')).toBeCloseTo(0.05, 1);
    expect(share(rest, 'REST_503')).toBeCloseTo(0.2, 1);
    expect(soap).not.toContain('REST_503');
    expect(rest).not.toContain('TORN');
  });

  it('spreads one rate over the listed kinds of each scope', () => {
    const faults = new SimFaults(2, { rate: 0.3, kinds: ['HUNG', 'MALFORMED_XML', 'REST_429'] });
    expect(faults.current).toEqual({ HUNG: 0.15, MALFORMED_XML: 0.15, REST_429: 0.3 });
  });

  it('repeats the same draws for the same seed, and differs for another', () => {
    const settings = { rate: 0.5 };
    const a = draws(new SimFaults(9, settings), 'SOAP', 200);
    expect(draws(new SimFaults(9, settings), 'SOAP', 200)).toEqual(a);
    expect(draws(new SimFaults(10, settings), 'SOAP', 200)).not.toEqual(a);
  });

  it('refuses a negative rate or a scope whose rates exceed 1', () => {
    expect(() => new SimFaults(1, { rate: -0.1 })).toThrow(RangeError);
    expect(() => new SimFaults(1, { rates: { TORN: 0.7, RESET: 0.4 } })).toThrow(RangeError);
  });
});

describe('latency model', () => {
  it('waits the fixed part plus a seeded jitter within its bounds', () => {
    const latency = new SimLatency(3, { fixedMs: 20, jitterMs: 10 });
    const delays = Array.from({ length: 1000 }, () => latency.delayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delays)).toBeLessThan(30);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeCloseTo(latency.meanMs(), 0);
    const again = new SimLatency(3, { fixedMs: 20, jitterMs: 10 });
    expect(Array.from({ length: 1000 }, () => again.delayMs())).toEqual(delays);
  });
});
