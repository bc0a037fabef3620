// The server's time as the client estimates it: the local clock plus the offset last observed
// from the server itself. The best observation is GDM's `jusque` echo (the server's now, to the
// millisecond); an HTTP Date header (to the second) is used only until an echo is known.
import type { Clock } from '../clock.ts';

export type ClockSource = 'echo' | 'date';

export interface ClockObservation {
  offsetMs: number;
  source: ClockSource;
}

export class ServerClock {
  private observation: ClockObservation | null;

  constructor(
    private readonly local: Clock,
    initial: ClockObservation | null = null,
  ) {
    this.observation = initial;
  }

  /** Estimated server time, epoch ms. */
  now(): number {
    return this.local.now().getTime() + (this.observation?.offsetMs ?? 0);
  }

  localNow(): number {
    return this.local.now().getTime();
  }

  /** True once the server has told us its time at least once. */
  get known(): boolean {
    return this.observation !== null;
  }

  get current(): ClockObservation | null {
    return this.observation;
  }

  /**
   * Records what the server said its time was during a call sent at sentMs and answered at
   * receivedMs (local times): the midpoint is the best guess of when it looked at its clock.
   */
  observe(serverMs: number, sentMs: number, receivedMs: number, source: ClockSource): void {
    if (!Number.isFinite(serverMs)) return;
    if (source === 'date' && this.observation?.source === 'echo') return;
    const midpoint = sentMs + (receivedMs - sentMs) / 2;
    this.observation = { offsetMs: Math.round(serverMs - midpoint), source };
  }

  /** From an HTTP Date header (one-second resolution: its middle is used). */
  observeDateHeader(header: string | undefined, sentMs: number, receivedMs: number): void {
    if (!header) return;
    const ms = Date.parse(header);
    if (Number.isFinite(ms)) this.observe(ms + 500, sentMs, receivedMs, 'date');
  }
}
