// When the application synchronises on its own: at the configured times (08:30, 12:30 and 17:30
// by default) on working days in Paris, plus a catch-up at start when a slot was missed. The
// planner still has the last word: a slot that comes less than an hour after the previous
// sequence waits for the hour, whatever the schedule says.
import type { Logger } from '../logger.ts';
import { fromParisWall, isJourOuvre, toParisWall } from './paris-time.ts';

const DAY_MS = 86_400_000;

function parseHoraire(h: string): { hour: number; minute: number } {
  const [hour, minute] = h.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/** The scheduled instants of the Paris day containing dayMs (none on a day off). */
export function slotsOfDay(dayMs: number, horaires: readonly string[]): number[] {
  const w = toParisWall(dayMs);
  if (!isJourOuvre(w)) return [];
  return horaires
    .map(parseHoraire)
    .map(({ hour, minute }) => fromParisWall(w.year, w.month, w.day, hour, minute))
    .sort((a, b) => a - b);
}

/** The first scheduled slot strictly after afterMs. */
export function nextSlot(afterMs: number, horaires: readonly string[]): number | null {
  if (horaires.length === 0) return null;
  for (let d = 0; d < 15; d++) {
    const slot = slotsOfDay(afterMs + d * DAY_MS, horaires).find((s) => s > afterMs);
    if (slot !== undefined) return slot;
  }
  return null;
}

/** The latest scheduled slot at or before atMs (within two weeks). */
export function previousSlot(atMs: number, horaires: readonly string[]): number | null {
  for (let d = 0; d < 15; d++) {
    const slots = slotsOfDay(atMs - d * DAY_MS, horaires).filter((s) => s <= atMs);
    const last = slots.at(-1);
    if (last !== undefined) return last;
  }
  return null;
}

/** Catch up at start when the latest slot passed without a sequence after it. */
export function needsCatchUp(
  nowMs: number,
  lastSequenceMs: number | null,
  horaires: readonly string[],
): boolean {
  const slot = previousSlot(nowMs, horaires);
  if (slot === null) return false;
  return lastSequenceMs === null || lastSequenceMs < slot;
}

export interface SchedulerDeps {
  horaires: () => readonly string[];
  /** Local time, ms: the schedule follows the guichet's wall clock. */
  now: () => number;
  lastSequenceMs: () => number | null;
  /** Runs a sync; returns when the next sequence is allowed if it was held back. */
  runSync: () => Promise<{ nextAllowedMs: number | null }>;
  logger: Logger;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Scheduler {
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Starts the schedule; runs a catch-up first when a slot was missed. */
  start(): void {
    this.stopped = false;
    const now = this.deps.now();
    if (needsCatchUp(now, this.deps.lastSequenceMs(), this.deps.horaires())) this.arm(0);
    else this.armNextSlot();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) (this.deps.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.timer = null;
  }

  private armNextSlot(): void {
    const next = nextSlot(this.deps.now(), this.deps.horaires());
    if (next !== null) this.arm(next - this.deps.now());
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    const set = this.deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    // setTimeout cannot wait longer than about 24.8 days; a week is more than a schedule needs.
    this.timer = set(() => void this.fire(), Math.min(Math.max(0, delayMs), 7 * DAY_MS));
  }

  private async fire(): Promise<void> {
    this.timer = null;
    try {
      const { nextAllowedMs } = await this.deps.runSync();
      const slot = nextSlot(this.deps.now(), this.deps.horaires());
      // Held back by the hourly rule: try again as soon as allowed, unless a slot comes first.
      if (nextAllowedMs !== null && (slot === null || nextAllowedMs < slot)) {
        this.arm(nextAllowedMs - this.deps.now());
        return;
      }
    } catch (error) {
      this.deps.logger.error('scheduler.sync.failed', { error });
    }
    this.armNextSlot();
  }
}
