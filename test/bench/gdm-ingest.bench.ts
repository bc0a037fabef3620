// GDM ingest: 100,000 entries (100 pages of 1,000, as the SNE pages them) through the sequence
// runner into the durable queue, on a real SQLite file (WAL, one transaction per page). The GDM
// answers are prepared in memory: the figure is the engine's own cost. Target: >= 100,000
// entries per second.
//
// Side by side in the same run: the previous ingest (one job row per DLS and block, written by
// each page), and the cost the current one leaves to the drain (expanding the received
// movements into jobs, which the queue does a batch at a time while its slots wait on the SNE).
// CPU seconds are printed beside the wall time: on a shared machine the wall time also counts
// other processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../src-main/core/logger.ts';
import { BLOCS, BLOCS_LOURDS, type Bloc } from '../../src-main/core/sne/blocs.ts';
import type { GdmClient, GdmPage } from '../../src-main/core/sne/gdm-client.ts';
import { noteMouvements } from '../../src-main/core/store/demandes.ts';
import { enqueueJobs, queueCounts } from '../../src-main/core/store/jobs.ts';
import { promouvoirMouvements } from '../../src-main/core/store/mouvements.ts';
import { inTransaction, openStore, type Store } from '../../src-main/core/store/open.ts';
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

interface Figures {
  perSecond: number;
  seconds: number;
  cpuSeconds: number;
}

/** Wall and CPU time from now to the call of the returned function. */
function stopwatch(): (entries: number) => Figures {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return (entries) => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { perSecond: Math.round(entries / seconds), seconds, cpuSeconds };
  };
}

function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gdm-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  return fn(store).finally(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** The engine: pages through runGdmStage, then expands the received movements as a drain would. */
function measure(
  natures: 'some' | 'none',
): Promise<{ ingest: Figures; expand: Figures; jobs: number }> {
  return withStore(async (store) => {
    const script = pages(Date.now(), natures);
    // With natures: a guichet in steady state, whose cache already holds these DLS (a DLS new to
    // the cache gets all its blocks whatever the natures). Without: a first synchronisation.
    if (natures === 'some') tenirDejaEnCache(store, script);
    const gdm: GdmClient = {
      getPage: () => Promise.resolve({ result: script.shift()!, dateHeader: undefined }),
    };
    const ingestWatch = stopwatch();
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
    const ingest = ingestWatch(ENTRIES);
    if (outcome.kind !== 'termine') throw new Error(`sequence ${outcome.kind}`);
    const jobs = queueCounts(store).pending;
    const expandWatch = stopwatch();
    while (inTransaction(store, () => promouvoirMouvements(store, 256)) > 0);
    const expand = expandWatch(ENTRIES);
    if (queueCounts(store).pending !== jobs) throw new Error('expansion lost jobs');
    return { ingest, expand, jobs };
  });
}

function tenirDejaEnCache(store: Store, script: GdmPage[]): void {
  const insert = store.statement('INSERT INTO demandes (num_unique) VALUES (?)');
  inTransaction(store, () => {
    for (const page of script) {
      if (page.kind === 'page') for (const m of page.mouvements) insert.run(m.numUnique);
    }
  });
}

/** The previous ingest: each page wrote one job row per DLS and block (commit 48c2dc8). */
function measureLegacy(natures: 'some' | 'none'): Promise<Figures> {
  return withStore((store) => {
    const script = pages(Date.now(), natures);
    const watch = stopwatch();
    for (const page of script) {
      inTransaction(store, () => {
        noteMouvements(
          store,
          page.mouvements.map((m) => [m.numUnique, m.dateMouvementMs] as const),
        );
        enqueueJobs(
          store,
          page.mouvements.flatMap((m) =>
            m.blocs
              .filter((b) => !BLOCS_LOURDS.includes(b))
              .map((b) => [m.numUnique, b, m.dateMouvementMs] as const),
          ),
        );
      });
    }
    return Promise.resolve(watch(ENTRIES));
  });
}

function line(label: string, f: Figures, extra = ''): string {
  return `    ${label.padEnd(34)} ${String(f.perSecond).padStart(8)} entrées/s  (${f.seconds.toFixed(2)} s ; CPU ${f.cpuSeconds.toFixed(2)} s, soit ${Math.round(ENTRIES / f.cpuSeconds)}/s CPU)${extra}\n`;
}

export async function bench(): Promise<void> {
  process.stdout.write(
    `Ingestion GDM : ${ENTRIES} entrées, pages de ${PAGE}, une transaction par page\n`,
  );
  for (const natures of ['some', 'none'] as const) {
    const label =
      natures === 'none'
        ? 'sans natures (7 blocs légers par DLS)'
        : 'avec natures (1 ou 2 blocs par DLS)';
    const legacy = await measureLegacy(natures);
    const r = await measure(natures);
    process.stdout.write(`  ${label}\n`);
    process.stdout.write(line('moteur (mouvements reçus)', r.ingest, `, ${r.jobs} blocs en file`));
    process.stdout.write(line('ancien (une ligne par bloc)', legacy));
    process.stdout.write(
      `    rapport moteur / ancien : ${(r.ingest.perSecond / legacy.perSecond).toFixed(2)}\n`,
    );
    process.stdout.write(line('expansion en tâches (vidage)', r.expand));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bench();
