// Time as the code sees it. Production uses the system clock; tests and the simulator use a
// shifted or manual clock. The sync engine never trusts this alone for SNE windows: it anchors
// on the server's own time (see sync/server-clock.ts).

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs in real time, shifted by a fixed offset (ms). */
export function shiftedClock(offsetMs: number, base: Clock = systemClock): Clock {
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(to: Date | string): void {
    this.ms = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** ISO 8601 in Europe/Paris with its offset, e.g. 2024-12-03T10:15:02.120+01:00. */
export function isoParis(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  const local = Date.UTC(
    Number(get('year')),
    Number(get('month')) - 1,
    Number(get('day')),
    Number(get('hour')),
    Number(get('minute')),
    Number(get('second')),
  );
  const offsetMin = Math.round((local - (date.getTime() - date.getMilliseconds())) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.${ms}${offset}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
