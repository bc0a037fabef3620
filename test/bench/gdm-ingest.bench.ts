// GDM ingest: 100,000 entries (100 pages of 1,000, as the SNE pages them) through the sequence
// runner into the durable queue, on a real SQLite file (WAL, synchronous=FULL, one transaction
// per page). The GDM answers are prepared in memory: the figure is the engine's own cost.
// Target: >= 100,000 entries per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../src-main/core/logger.ts';
import { BLOCS, type Bloc } from '../../src-main/core/sne/blocs.ts';
import type { GdmClient, GdmPage } from '../../src-main/core/sne/gdm-client.ts';
import { queueCounts } from '../../src-main/core/store/jobs.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { runGdmStage } from '../../src-main/core/sync/gdm-runner.ts';
import { ServerClock } from '../../src-main/core/sync/server-clock.ts';
import { DEFAULT_POLICY } from '../../src-main/core/sync/window-planner.ts';

const ENTRIES = Number(process.env.GDM_BENCH_ENTRIES ?? 100_000);
const PAGE = 1_000;

function pages(nowMs: number, natures: 'some' | 'none'): GdmPage[] {
  const out: GdmPage[] = [];
  let seed = 7;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let p = 0; p * PAGE < ENTRIES; p++) {
    const mouvements = [];
    for (let i = p * PAGE; i < Math.min(ENTRIES, (p + 1) * PAGE); i++) {
      const blocs: Bloc[] =
        natures === 'none'
          ? [...BLOCS]
          : [BLOCS[Math.floor(rand() * 7)]!, BLOCS[Math.floor(rand() * 7)]!];
      mouvements.push({
        numUnique:
          `93${String(11 + (i % 12)).padStart(2, '0')}24${String(i).padStart(7, '0')}G1104`.slice(
            0,
            13,
          ) + 'G1104',
        dateMouvementMs: nowMs - 3_600_000 + i,
        blocs: [...new Set(blocs)],
      });
    }
    out.push({
      kind: 'page',
      depuisMs: nowMs - 86_400_000,
      jusqueMs: nowMs,
      nombreTotal: ENTRIES,
      mouvements,
      curseur: (p + 1) * PAGE < ENTRIES ? `c${p + 1}` : null,
    });
  }
  return out;
}

async function measure(
  natures: 'some' | 'none',
): Promise<{ label: string; perSecond: number; jobs: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gdm-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  try {
    const now = Date.now();
    const script = pages(now, natures);
    const gdm: GdmClient = {
      getPage: () => Promise.resolve({ result: script.shift()!, dateHeader: undefined }),
    };
    const started = performance.now();
    const outcome = await runGdmStage({
      store,
      gdm,
      clock: new ServerClock({ now: () => new Date() }),
      policy: DEFAULT_POLICY,
      filtres: { departements: [], communes: [], guichetsExclus: ['G1104'] },
      blocsLourdsALaDemande: true,
      logger: silentLogger,
      emit: () => undefined,
    });
    const seconds = (performance.now() - started) / 1000;
    if (outcome.kind !== 'termine') throw new Error(`sequence ${outcome.kind}`);
    const label =
      natures === 'none'
        ? 'sans natures (7 blocs légers par DLS)'
        : 'avec natures (1 ou 2 blocs par DLS)';
    return {
      label,
      perSecond: Math.round(ENTRIES / seconds),
      jobs: queueCounts(store).pending,
      seconds,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<void> {
  process.stdout.write(
    `Ingestion GDM : ${ENTRIES} entrées, pages de ${PAGE}, une transaction par page\n`,
  );
  for (const natures of ['some', 'none'] as const) {
    const r = await measure(natures);
    process.stdout.write(
      `  ${r.label.padEnd(40)} ${String(r.perSecond).padStart(8)} entrées/s  (${r.seconds.toFixed(2)} s, ${r.jobs} tâches en file)\n`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bench();
