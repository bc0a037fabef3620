// The progress bar `sync` draws on a terminal: one line, rewritten in place.
import type { SyncProgress } from '../core/api-types.ts';
import type { SyncService } from '../core/sync/sync-service.ts';

const WIDTH = 30;

export function attachProgressBar(service: SyncService, out: NodeJS.WritableStream): () => void {
  let last = 0;
  const off = service.onProgress((event, p) => {
    const now = Date.now();
    if (event.type === 'blocs' && now - last < 100) return;
    last = now;
    out.write(`\r${line(p)}\x1b[K`);
  });
  return () => {
    off();
    out.write('\n');
  };
}

export function line(p: SyncProgress): string {
  if (p.phase === 'gdm') {
    const total = p.pagesTotal === null ? '?' : String(p.pagesTotal);
    return `Mouvements GDM : page ${p.pages}/${total}`;
  }
  const ratio = p.blocsTotal === 0 ? 1 : (p.blocsFaits + p.echecs) / p.blocsTotal;
  const filled = Math.round(Math.min(1, ratio) * WIDTH);
  const eta = p.resteSecondes === null ? '' : `, reste ${formatDuree(p.resteSecondes)}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.blocsFaits}/${p.blocsTotal} blocs, ${p.parSeconde}/s, ${p.echecs} échec(s)${eta}`;
}

function formatDuree(s: number): string {
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}
