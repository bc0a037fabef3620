// Wall-clock time in Europe/Paris, DST included, for the scheduler's "08:30 on working days".

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

export interface ParisWall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 Sunday .. 6 Saturday
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function toParisWall(ms: number): ParisWall {
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** The instant of a Paris wall time; a time skipped by the spring change maps to one hour later. */
export function fromParisWall(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  for (const offsetH of [1, 2]) {
    const candidate = asUtc - offsetH * 3_600_000;
    const w = toParisWall(candidate);
    if (w.day === day && w.hour === hour && w.minute === minute) return candidate;
  }
  return asUtc - 3_600_000;
}

/** French public holidays of a year, as "MM-DD". */
export function joursFeries(year: number): Set<string> {
  const easter = easterSunday(year);
  const shift = (days: number): string => {
    const d = new Date(Date.UTC(year, easter.month - 1, easter.day + days));
    return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  };
  return new Set([
    '01-01',
    '05-01',
    '05-08',
    '07-14',
    '08-15',
    '11-01',
    '11-11',
    '12-25',
    shift(1), // lundi de Pâques
    shift(39), // Ascension
    shift(50), // lundi de Pentecôte
  ]);
}

export function isJourOuvre(w: Pick<ParisWall, 'year' | 'month' | 'day' | 'weekday'>): boolean {
  if (w.weekday === 0 || w.weekday === 6) return false;
  return !joursFeries(w.year).has(`${pad(w.month)}-${pad(w.day)}`);
}

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
