// How long the simulated SNE takes to answer: a fixed part plus a uniform jitter, drawn from the
// seed so that a benchmark run is repeatable. The ceiling a client can reach with 4 slots is
// 4 / L calls per second; benchmarks compare their throughput with it.
import type { LatencyModel } from './context.ts';
import { createRng, deriveSeed, type Rng } from './random.ts';

export interface LatencySettings {
  fixedMs: number;
  jitterMs: number;
}

export class SimLatency implements LatencyModel {
  private settings: LatencySettings;
  private readonly rng: Rng;

  constructor(seed: number, settings: Partial<LatencySettings> = {}) {
    this.rng = createRng(deriveSeed(seed, 'latency'));
    this.settings = normalise({ fixedMs: 0, jitterMs: 0, ...settings });
  }

  delayMs(): number {
    const { fixedMs, jitterMs } = this.settings;
    if (jitterMs === 0) return fixedMs;
    return fixedMs + this.rng.next() * jitterMs;
  }

  /** The mean delay: what benchmarks use for their ceiling. */
  meanMs(): number {
    return this.settings.fixedMs + this.settings.jitterMs / 2;
  }

  set(settings: Partial<LatencySettings>): void {
    this.settings = normalise({ ...this.settings, ...settings });
  }

  get current(): LatencySettings {
    return { ...this.settings };
  }
}

function normalise(s: LatencySettings): LatencySettings {
  if (
    !Number.isFinite(s.fixedMs) ||
    s.fixedMs < 0 ||
    !Number.isFinite(s.jitterMs) ||
    s.jitterMs < 0
  ) {
    throw new RangeError('latence et gigue : des millisecondes positives ou nulles');
  }
  return { fixedMs: s.fixedMs, jitterMs: s.jitterMs };
}

/** Waits `ms` (no timer at all for 0, so that a fast simulator stays fast). */
export function wait(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
