// How the CLI writes times for people: Paris wall time, French style.
const heure = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});

export function formatHeure(ms: number | null): string {
  return ms === null ? 'maintenant' : `le ${heure.format(new Date(ms))}`;
}
