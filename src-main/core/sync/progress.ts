// Typed progress events of a synchronisation, for the UI and the CLI progress bar. The engine
// emits events; `ProgressTracker` folds them into the SyncProgress snapshot the API exposes.
import type { SyncProgress } from '../api-types.ts';

export type SyncEvent =
  | { type: 'fenetre'; depuisMs: number; jusqueMs: number | null; reprise: boolean }
  | { type: 'page'; page: number; pagesTotal: number | null; demandes: number }
  | { type: 'attente'; jusquaMs: number; raison: string }
  | {
      type: 'blocs';
      faits: number;
      total: number;
      echecs: number;
      parSeconde: number;
      resteSecondes: number | null;
    }
  | { type: 'echec'; bloc: string; code: string; permanent: boolean }
  | { type: 'termine' };

export type SyncListener = (event: SyncEvent, snapshot: SyncProgress) => void;

export class ProgressTracker {
  private snapshot: SyncProgress = emptyProgress();
  private readonly listeners = new Set<SyncListener>();

  on(listener: SyncListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): SyncProgress {
    return this.snapshot;
  }

  reset(): void {
    this.snapshot = emptyProgress();
  }

  emit(event: SyncEvent): void {
    this.snapshot = fold(this.snapshot, event);
    for (const listener of this.listeners) listener(event, this.snapshot);
  }
}

function emptyProgress(): SyncProgress {
  return {
    phase: 'gdm',
    fenetre: null,
    pages: 0,
    pagesTotal: null,
    blocsFaits: 0,
    blocsTotal: 0,
    parSeconde: 0,
    resteSecondes: null,
    echecs: 0,
  };
}

function fold(p: SyncProgress, e: SyncEvent): SyncProgress {
  switch (e.type) {
    case 'fenetre':
      return {
        ...p,
        phase: 'gdm',
        fenetre: {
          depuis: new Date(e.depuisMs).toISOString(),
          jusque: e.jusqueMs === null ? null : new Date(e.jusqueMs).toISOString(),
        },
      };
    case 'page':
      return { ...p, pages: e.page, pagesTotal: e.pagesTotal };
    case 'blocs':
      return {
        ...p,
        phase: 'blocs',
        blocsFaits: e.faits,
        blocsTotal: e.total,
        echecs: e.echecs,
        parSeconde: e.parSeconde,
        resteSecondes: e.resteSecondes,
      };
    case 'echec':
      return p;
    case 'attente':
      return p;
    case 'termine':
      return { ...p, phase: 'termine' };
  }
}
