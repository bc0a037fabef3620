// I6: `sync` killed with SIGKILL at random points (30 runs) and then resumed leaves a database
// that passes integrity_check and converges to the state of a run without a crash: the same DLS,
// every block equal to the SNE's, the queue settled, and no SNE rule broken along the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/core/simulator/index.ts';
import { openCacheStore } from '../../../src-main/core/store/open-cache.ts';
import type { Store } from '../../../src-main/core/store/open.ts';
import { cliEnv, runInProcess, spawnCli, syncArgs } from './cli.ts';
import { expectJournalClean, expectQueueSettled, HOUR, MINUTE, type Harness } from './harness.ts';

const RUNS = 30;
let sim: SimulatorHandle;
const dirs: string[] = [];

beforeAll(async () => {
  process.env.SNE_GUICHET_TROUSSEAU = `sne-guichet-test-kill-${process.pid}`;
  sim = await startSimulator({ volume: 300, movementsPerHour: 0, latencyMs: 10, gdmPageSize: 5 });
  // The runs move the server's clock forward by days: movements older than a day would leave the
  // 7-day window during the test and make the expected state drift.
  const movements = sim.ctx.data.movements;
  const recent = movements.filter((m) => sim.clock.now().getTime() - m.at.getTime() < 24 * HOUR);
  movements.splice(0, movements.length, ...recent);
  sim.generateMovements({ count: 30, guichet: 'G2201' });
});
afterAll(async () => {
  await sim.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kill-'));
  dirs.push(dir);
  return dir;
}

async function openCache(dir: string): Promise<Store> {
  return (await openCacheStore(join(dir, 'cache.sqlite'))).store;
}

/** Runs sync in a child and kills it (SIGKILL) once the SNE has answered `after` calls. */
async function syncKilledAfter(dir: string, after: number, extraDelayMs: number): Promise<string> {
  const start = sim.journal.entries().length;
  const child = spawnCli(syncArgs(sim, dir), cliEnv(sim));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  let done = false;
  void exited.then(() => (done = true));
  while (!done && sim.journal.entries().length - start < after) {
    await new Promise((r) => setTimeout(r, 2));
  }
  if (!done) {
    await new Promise((r) => setTimeout(r, extraDelayMs));
    child.kill('SIGKILL');
  }
  return exited;
}

/** Resumes with the CLI until it has run; an hour passes when the crash left one to wait. */
async function resume(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { code, err } = await runInProcess(syncArgs(sim, dir), cliEnv(sim));
    if (code === 0) return;
    expect(code, err).toBe(3);
    sim.clock.shift(HOUR + 5 * MINUTE);
  }
  throw new Error('sync never converged');
}

function snapshot(store: Store): { demandes: string[]; blocs: string[] } {
  return {
    demandes: store.db
      .prepare('SELECT num_unique FROM demandes ORDER BY 1')
      .pluck()
      .all() as string[],
    blocs: store.db
      .prepare("SELECT num_unique || '/' || bloc FROM blocs ORDER BY 1")
      .pluck()
      .all() as string[],
  };
}

describe('sync killed at random points, then resumed (I6)', () => {
  it(`converges to the crash-free state in ${RUNS} runs`, async () => {
    const reference = newDataDir();
    await resume(reference);
    const refStore = await openCache(reference);
    const expected = snapshot(refStore);
    refStore.close();
    expect(expected.blocs.length).toBeGreaterThan(20);

    const ways: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      sim.clock.shift(2 * HOUR); // a fresh guichet history would need a new simulator
      const dir = newDataDir();
      const after = Math.floor(Math.random() * (expected.blocs.length + 12));
      ways.push(await syncKilledAfter(dir, after, Math.floor(Math.random() * 15)));
      await resume(dir);

      const store = await openCache(dir);
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const got = snapshot(store);
        expect(got).toEqual(expected);
        expectQueueSettled({ sim, store } as unknown as Harness);
      } finally {
        store.close();
      }
    }
    expect(ways.filter((w) => w === 'SIGKILL').length).toBeGreaterThanOrEqual(RUNS / 2);
    expectJournalClean(sim, ['GDM_MOINS_DE_2_SEQUENCES_24H']);
  }, 300_000);
});
