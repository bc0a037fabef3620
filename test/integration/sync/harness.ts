// What the sync integration tests share: a simulator over real HTTPS with mutual TLS, a sync
// service on a real SQLite file whose clock follows the simulator's (plus a chosen skew), and the
// checks of the invariants the simulator's journal can prove.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Clock } from '../../../src-main/core/clock.ts';
import {
  startSimulator,
  type SimulatorHandle,
  type SimulatorOptions,
} from '../../../src-main/core/simulator/index.ts';
import { fileSettingsStore, type StoredSettings } from '../../../src-main/core/settings.ts';
import type { Bloc } from '../../../src-main/core/sne/blocs.ts';
import { openStore, type Store } from '../../../src-main/core/store/open.ts';
import { SyncService, type SyncServiceOptions } from '../../../src-main/core/sync/sync-service.ts';

export const GUICHET = 'G1104';

export interface Harness {
  sim: SimulatorHandle;
  dir: string;
  store: Store;
  service: SyncService;
  clock: Clock;
  /** Another service on the same data directory, as a second process would open it. */
  makeService(): { service: SyncService; close(): void };
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    sim?: SimulatorOptions;
    skewMs?: number;
    settings?: Partial<StoredSettings>;
    service?: Partial<SyncServiceOptions>;
  } = {},
): Promise<Harness> {
  const sim = await startSimulator({ volume: 200, movementsPerHour: 0, ...options.sim });
  const dir = mkdtempSync(join(tmpdir(), 'sync-it-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  const settings = fileSettingsStore(dir);
  settings.update({ sneUrl: sim.url, ...options.settings });
  const skew = options.skewMs ?? 0;
  const clock: Clock = { now: () => new Date(sim.clock.now().getTime() + skew) };
  const cert = {
    pfx: readFileSync(sim.pki.guichetP12(GUICHET)),
    passphrase: sim.pki.passphrase,
    ca: readFileSync(sim.pki.ca),
  };
  const build = (s: Store): SyncService =>
    new SyncService({
      store: s,
      settings,
      dataDir: dir,
      clock,
      connection: () => Promise.resolve({ sneUrl: sim.url, cert, guichet: GUICHET }),
      queue: { timeoutMs: 1_500, backoff: { baseMs: 20, capMs: 300 } },
      maxInlineWaitMs: 5_000,
      ...options.service,
    });
  const service = build(store);
  return {
    sim,
    dir,
    store,
    service,
    clock,
    makeService() {
      const other = openStore(join(dir, 'cache.sqlite'));
      return { service: build(other), close: () => other.close() };
    },
    async close() {
      store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GDM calls that opened a new sequence (no cursor) and that the server accepted. */
export function gdmSequences(sim: SimulatorHandle): { at: string; depuis: string }[] {
  return sim.journal
    .entries()
    .filter(
      (e) =>
        e.operation === 'getDemandesMouvementees' &&
        e.window &&
        !e.window.curseur &&
        e.status === 200,
    )
    .map((e) => ({ at: e.at, depuis: e.window!.depuis }));
}

/** I3 and the SNE's rules, as the server journaled them; `expected` lists watched-only rules. */
export function expectJournalClean(sim: SimulatorHandle, expected: string[] = []): void {
  const entries = sim.journal.entries();
  const soap = entries.filter((e) => e.kind === 'SOAP');
  const maxInFlight = Math.max(0, ...soap.map((e) => e.inFlight ?? 0));
  expect(maxInFlight, 'calls already in flight when a SOAP call arrived').toBeLessThanOrEqual(3);
  const violations = entries.flatMap((e) => e.violations);
  expect(violations.filter((v) => !expected.includes(v))).toEqual([]);
  // I4 from the journal: accepted new sequences at least an hour apart.
  const starts = gdmSequences(sim).map((s) => Date.parse(s.at));
  for (let i = 1; i < starts.length; i++) {
    expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(3_600_000);
  }
}

/**
 * I2 for these DLS: each block is stored and equal to the simulator's truth (attachments as
 * bytes), or listed as failed with the SNE's reason. Returns the blocks compared.
 */
export function expectBlocsMatchSimulator(
  h: Harness,
  numUniques: Iterable<string>,
  blocs: readonly Bloc[],
): number {
  let checked = 0;
  const stmt = h.store.db
    .prepare('SELECT contenu FROM blocs WHERE num_unique = ? AND bloc = ?')
    .pluck();
  const failure = h.store.db
    .prepare("SELECT code FROM jobs WHERE num_unique = ? AND bloc = ? AND etat = 'ECHEC'")
    .pluck();
  for (const num of numUniques) {
    const truth = h.sim.ctx.data.dls.get(num);
    if (!truth || truth.purgee) continue;
    for (const bloc of blocs) {
      const stored = stmt.get(num, bloc) as string | undefined;
      if (stored === undefined) {
        expect(failure.get(num, bloc), `${bloc} of a moved DLS: neither stored nor failed`).toMatch(
          /^(ACCES_REFUSE|NUM_INCONNU)$/,
        );
        continue;
      }
      expect(JSON.parse(stored)).toEqual(JSON.parse(jsonOf(truth.blocs[bloc])));
      checked++;
    }
  }
  return checked;
}

function jsonOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? { $base64: Buffer.from(v).toString('base64') } : v,
  );
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/**
 * I2 over the whole queue: every job GDM caused is done, with the block equal to the
 * simulator's truth, or failed with the SNE's reason. Returns the number of blocks compared.
 */
export function expectQueueSettled(h: Harness): number {
  const jobs = h.store.db
    .prepare('SELECT num_unique AS n, bloc, etat, code, message FROM jobs')
    .all() as {
    n: string;
    bloc: Bloc;
    etat: string;
    code: string | null;
    message: string | null;
  }[];
  expect(jobs.filter((j) => j.etat === 'A_FAIRE')).toEqual([]);
  // Received GDM movements are all expanded into jobs by the end of a drain.
  expect(h.store.db.prepare('SELECT count(*) FROM mouvements_recus').pluck().get()).toBe(0);
  for (const j of jobs.filter((x) => x.etat === 'ECHEC')) {
    expect(j.code).toMatch(/^(ACCES_REFUSE|NUM_INCONNU|CTRL_DEM_\d+)$/);
    expect(j.message).toBeTruthy();
  }
  let compared = 0;
  for (const j of jobs.filter((x) => x.etat === 'FAIT')) {
    compared += expectBlocsMatchSimulator(h, [j.n], [j.bloc]);
  }
  return compared;
}
