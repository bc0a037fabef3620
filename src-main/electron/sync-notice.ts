// What the OS notification says when a synchronisation ends: only when something needs the
// agent (failures, a gap); a clean run stays silent. Pure, so it is unit-tested.
import type { SyncStatus } from '../core/api-types.ts';

export interface Notice {
  title: string;
  body: string;
}

export function syncEndNotice(before: SyncStatus | null, after: SyncStatus): Notice | null {
  const newGaps = after.gaps.length - (before?.gaps.length ?? 0);
  const failures = after.failures.length;
  if (newGaps > 0) {
    return {
      title: 'Synchronisation : période non couverte',
      body:
        'L’application est restée fermée plus de 7 jours : une période de mouvements n’a pas pu ' +
        'être récupérée. Ouvrez « Synchronisation » pour la reprise.',
    };
  }
  if (failures > 0) {
    return {
      title: 'Synchronisation terminée avec des échecs',
      body: `${failures} bloc${failures > 1 ? 's' : ''} n’${failures > 1 ? 'ont' : 'a'} pas pu être récupéré${failures > 1 ? 's' : ''}. Ouvrez « Synchronisation » pour les réessayer.`,
    };
  }
  return null;
}

/** The tray's tooltip: the sync state in one line. */
export function trayTooltip(status: SyncStatus | null): string {
  if (!status) return 'SNE Guichet';
  if (status.running) {
    const p = status.progress;
    return p && p.blocsTotal > 0
      ? `SNE Guichet — synchronisation en cours (${p.blocsFaits}/${p.blocsTotal} blocs)`
      : 'SNE Guichet — synchronisation en cours';
  }
  if (status.failures.length > 0)
    return `SNE Guichet — ${status.failures.length} échec(s) à traiter`;
  if (status.horsLigne) return 'SNE Guichet — hors ligne (le cache reste consultable)';
  return 'SNE Guichet — à jour';
}
