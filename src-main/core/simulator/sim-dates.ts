// Calendar arithmetic for the simulator, in Europe/Paris. Days are counted as integers (days
// since 1970-01-01 of the Paris calendar) so that generating 100,000 DLS does not go through
// Intl for every date; the Paris offset follows the EU rule (summer time from the last Sunday
// of March to the last Sunday of October, 01:00 UTC), valid since 1996.

const MS_JOUR = 86_400_000;

/** 'YYYY-MM-DD' of a day number. */
export function formatJour(jour: number): string {
  return new Date(jour * MS_JOUR).toISOString().slice(0, 10);
}

/** Day number of 'YYYY-MM-DD'. */
export function parseJour(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / MS_JOUR);
}

/** Paris offset in minutes at an instant. */
export function offsetParisMinutes(ms: number): number {
  const annee = new Date(ms).getUTCFullYear();
  const debut = dernierDimancheUtc(annee, 2) + 3_600_000;
  const fin = dernierDimancheUtc(annee, 9) + 3_600_000;
  return ms >= debut && ms < fin ? 120 : 60;
}

function dernierDimancheUtc(annee: number, mois: number): number {
  const dernier = new Date(Date.UTC(annee, mois + 1, 0));
  return dernier.getTime() - dernier.getUTCDay() * MS_JOUR;
}

/** Day number of the Paris calendar date at an instant. */
export function jourParis(at: Date): number {
  const ms = at.getTime();
  return Math.floor((ms + offsetParisMinutes(ms) * 60_000) / MS_JOUR);
}

/** ISO 8601 date-time in Europe/Paris with its offset, e.g. 2024-12-03T10:15:02.120+01:00. */
export function isoParisRapide(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const offset = offsetParisMinutes(ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  return `${local}+0${offset / 60}:00`;
}

/** The instant of a Paris day at a given number of seconds after midnight. */
export function instantParis(jour: number, secondes: number): Date {
  const approx = jour * MS_JOUR + secondes * 1000;
  return new Date(approx - offsetParisMinutes(approx - 3_600_000) * 60_000);
}

/** Year, month (1-12) and day of a day number. */
export function partsJour(jour: number): { annee: number; mois: number; jour: number } {
  const d = new Date(jour * MS_JOUR);
  return { annee: d.getUTCFullYear(), mois: d.getUTCMonth() + 1, jour: d.getUTCDate() };
}

/** Day number of a calendar date (month 1-12; day 0 is the last day of the previous month). */
export function jourDe(annee: number, mois: number, jour: number): number {
  return Math.floor(Date.UTC(annee, mois - 1, jour) / MS_JOUR);
}

/** 'YYYY-MM' shifted by a number of months. */
export function periodeDecalee(annee: number, mois: number, decalage: number): string {
  const d = new Date(Date.UTC(annee, mois - 1 + decalage, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
