// French formats for everything the agent reads: Europe/Paris dates, euro amounts, shares.
// Intl puts a narrow no-break space before € and %; the SNE WebApp and Excel show the same.

const PARIS = 'Europe/Paris';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  hour: '2-digit',
  minute: '2-digit',
});
const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const share = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

function parse(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // A plain date ('2026-12-03') is a calendar day, not midnight UTC: keep it on that day.
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 03/12/2026 */
export function formatDate(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : '—';
}

/** 03/12/2026 10:15 */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date).replace(',', '') : '—';
}

/** 10:15 */
export function formatTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? timeFormat.format(date) : '—';
}

/** 1 880,00 € */
export function formatMontant(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : euro.format(value);
}

/** 12 345 */
export function formatEntier(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** 26,7 % from a ratio (0.267). */
export function formatPart(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? '—'
    : share.format(ratio);
}

/** "il y a 3 h", "il y a 2 j": how old a fetched copy is. */
export function formatAnciennete(value: string | null | undefined, now: Date): string {
  const date = parse(value);
  if (!date) return 'jamais récupérée';
  const minutes = Math.max(0, Math.round((now.getTime() - date.getTime()) / 60_000));
  if (minutes < 1) return "à l'instant";
  if (minutes < 60) return `il y a ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `il y a ${hours} h`;
  return `il y a ${Math.round(hours / 24)} j`;
}

/** 1 h 05 min, 3 min 20 s: a remaining time or a duration. */
export function formatDuree(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** "1 DLS", "3 DLS", "1 demande", "3 demandes". */
export function pluriel(n: number, singulier: string, plurielForm = `${singulier}s`): string {
  return `${formatEntier(n)} ${n > 1 ? plurielForm : singulier}`;
}
