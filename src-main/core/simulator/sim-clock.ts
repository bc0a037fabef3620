// The simulator's own time. It runs in real time, shifted by an offset that tests and the demo
// move forward (an hour for the GDM frequency rule, days for a gap) without waiting. Everything
// the SNE decides by time (depth, frequency, cursor expiry, replica visibility, movements
// generated so far) reads this clock, never the system clock.
import { systemClock, type Clock } from '../clock.ts';

export class SimClock implements Clock {
  private offset: number;
  private readonly base: Clock;

  constructor(offsetMs = 0, base: Clock = systemClock) {
    this.offset = offsetMs;
    this.base = base;
  }

  now(): Date {
    return new Date(this.base.now().getTime() + this.offset);
  }

  /** Moves the server's time forward (or back, with a negative value). */
  shift(ms: number): void {
    this.offset += ms;
  }

  get offsetMs(): number {
    return this.offset;
  }
}
