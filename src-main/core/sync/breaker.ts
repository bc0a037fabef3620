// A circuit breaker for the unitary services: after a run of consecutive transient failures it
// stops all slots for a cool-down (doubling each time), then lets one call probe the SNE. Too
// many openings in one run stop the stage: hammering a failing SNE helps nobody and the SNE
// counts every call against the guichet.

export interface BreakerPolicy {
  /** Consecutive transient failures that open the breaker. */
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
  /** Openings after which the stage gives up for this run. */
  maxOpenings: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  threshold: 8,
  cooldownMs: 5_000,
  maxCooldownMs: 120_000,
  maxOpenings: 6,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

export class Breaker {
  private failures = 0;
  private openings = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly now: () => number,
  ) {}

  state(): BreakerState {
    if (this.failures < this.policy.threshold) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** True when a call may start now; in half-open, only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Milliseconds until a call may be tried again (0 when closed). */
  waitMs(): number {
    return this.state() === 'open' ? this.openUntil - this.now() : 0;
  }

  get exhausted(): boolean {
    return this.openings >= this.policy.maxOpenings;
  }

  get openCount(): number {
    return this.openings;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
  }

  failure(): void {
    this.failures += 1;
    const wasProbe = this.probing;
    this.probing = false;
    if (
      this.failures === this.policy.threshold ||
      (wasProbe && this.failures > this.policy.threshold)
    ) {
      this.openings += 1;
      const cooldown = Math.min(
        this.policy.maxCooldownMs,
        this.policy.cooldownMs * 2 ** (this.openings - 1),
      );
      this.openUntil = this.now() + cooldown;
    }
  }
}
