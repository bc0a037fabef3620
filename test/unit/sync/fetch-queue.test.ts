// The fetch queue against an injected unitary client: 4 slots and never more, backoff that frees
// the slot, permanent anomalies listed, TLS errors that stop everything at once, a breaker, and
// blocks that are never replaced by older ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock.ts';
import { GuichetError } from '../../../src-main/core/errors.ts';
import { createLogger, silentLogger, type LogRecord } from '../../../src-main/core/logger.ts';
import type { Bloc, ReponseUnitaire } from '../../../src-main/core/sne/blocs.ts';
import { getBlocs } from '../../../src-main/core/store/blocs.ts';
import { enqueueJob, listFailures, queueCounts } from '../../../src-main/core/store/jobs.ts';
import { recevoirMouvements } from '../../../src-main/core/store/mouvements.ts';
import { inTransaction, openStore, type Store } from '../../../src-main/core/store/open.ts';
import { drainQueue, type FetchBloc } from '../../../src-main/core/sync/fetch-queue.ts';

const stores: { store: Store; dir: string }[] = [];
function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'queue-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  stores.push({ store, dir });
  return store;
}
afterEach(() => {
  for (const { store, dir } of stores.splice(0)) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function num(i: number): string {
  return `931124${String(i).padStart(7, '0')}G1104`;
}

function answer(
  numUnique: string,
  dateFichier: string,
  contenu: unknown = [],
): ReponseUnitaire<Bloc> {
  return { kind: 'bloc', numUnique, dateFichier, contenu } as ReponseUnitaire<Bloc>;
}

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

function fill(store: Store, n: number, bloc: Bloc = 'evenements'): void {
  for (let i = 0; i < n; i++) enqueueJob(store, num(i), bloc, 1000);
}

const fast = { backoff: { baseMs: 5, capMs: 20 }, batchDelayMs: 5 };

function drain(store: Store, fetchBloc: FetchBloc, extra: Record<string, unknown> = {}) {
  return drainQueue({
    store,
    fetchBloc,
    clock: systemClock,
    logger: silentLogger,
    emit: () => undefined,
    ...fast,
    ...extra,
  });
}

describe('fetch queue', () => {
  it('keeps exactly 4 calls in flight and fetches every job once', async () => {
    const store = tempStore();
    fill(store, 120);
    let inFlight = 0;
    let max = 0;
    const calls = new Map<string, number>();
    const result = await drain(store, async (_bloc, n) => {
      inFlight++;
      max = Math.max(max, inFlight);
      calls.set(n, (calls.get(n) ?? 0) + 1);
      await tick(Math.random() * 3);
      inFlight--;
      return answer(n, '2024-12-03T10:00:00.000+01:00');
    });
    expect(max).toBe(4);
    expect(result.fetched).toBe(120);
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    expect(queueCounts(store)).toEqual({ pending: 0, done: 120, failed: 0 });
  });

  it('expands received GDM movements into jobs as it goes and fetches each block once', async () => {
    const store = tempStore();
    const trois: Bloc[] = ['evenements', 'contingents', 'attributions'];
    const moved = Array.from({ length: 2000 }, (_, i) => ({
      numUnique: num(i),
      dateMouvementMs: 1000 + i,
      aRecuperer: i % 3 === 0 ? trois : trois.slice(0, 1),
    }));
    inTransaction(store, () => recevoirMouvements(store, moved));
    enqueueJob(store, num(0), 'evenements', 1); // already pending: counted once
    const total = 667 * 3 + 1333;
    expect(queueCounts(store)).toEqual({ pending: total, done: 0, failed: 0 });
    let maxPendingRows = 0;
    const calls = new Map<string, number>();
    const result = await drain(store, async (bloc, n) => {
      calls.set(`${n}/${bloc}`, (calls.get(`${n}/${bloc}`) ?? 0) + 1);
      maxPendingRows = Math.max(
        maxPendingRows,
        store.db
          .prepare("SELECT count(*) FROM jobs WHERE etat = 'A_FAIRE'")
          .pluck()
          .get() as number,
      );
      await tick();
      return answer(n, '2024-12-03T10:00:00.000+01:00');
    });
    expect(result.fetched).toBe(total);
    expect(calls.size).toBe(total);
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    expect(queueCounts(store)).toEqual({ pending: 0, done: total, failed: 0 });
    expect(store.db.prepare('SELECT count(*) FROM mouvements_recus').pluck().get()).toBe(0);
    // Expanded a batch at a time (at most 256 DLS of 3 blocks beside a buffer), not all at once.
    expect(maxPendingRows).toBeLessThanOrEqual(256 + 256 * 3);
  });

  it('re-queues a transient failure with backoff and frees its slot for other jobs', async () => {
    const store = tempStore();
    fill(store, 10);
    const order: string[] = [];
    let failedOnce = false;
    const result = await drain(store, async (_bloc, n) => {
      await tick();
      if (n === num(0) && !failedOnce) {
        failedOnce = true;
        order.push('fail');
        throw new GuichetError('SNE_ERREUR', 'faute', { transient: true });
      }
      order.push(n);
      return answer(n, '2024-12-03T10:00:00.000+01:00');
    });
    expect(result.fetched).toBe(10);
    expect(result.retried).toBe(1);
    // The retried job came back after others had used the freed slot.
    expect(order.indexOf(num(0))).toBeGreaterThan(order.indexOf('fail') + 1);
    expect(queueCounts(store).pending).toBe(0);
  });

  it('lists NUM_INCONNU and ACCES_REFUSE as permanent failures without retrying them', async () => {
    const store = tempStore();
    fill(store, 3);
    let calls = 0;
    const result = await drain(store, async (_bloc, n) => {
      calls++;
      await tick();
      if (n === num(1)) {
        return {
          kind: 'anomalies',
          numUnique: n,
          dateFichier: '2024-12-03T10:00:00+01:00',
          anomalies: [{ code: 'NUM_INCONNU', libelle: 'inconnu' }],
        };
      }
      return answer(n, '2024-12-03T10:00:00.000+01:00');
    });
    expect(calls).toBe(3);
    expect(result.failed).toBe(1);
    expect(listFailures(store)).toEqual([
      {
        numUnique: num(1),
        bloc: 'evenements',
        code: 'NUM_INCONNU',
        message: 'NUM_INCONNU : inconnu',
      },
    ]);
  });

  it('gives up after maxAttempts transient failures and lists the job with its reason', async () => {
    const store = tempStore();
    fill(store, 1);
    let calls = 0;
    const result = await drain(
      store,
      async () => {
        calls++;
        await tick();
        throw new GuichetError('SNE_INJOIGNABLE', 'réseau', { transient: true });
      },
      {
        maxAttempts: 3,
        breaker: { threshold: 100, cooldownMs: 1, maxCooldownMs: 1, maxOpenings: 9 },
      },
    );
    expect(calls).toBe(3);
    expect(result.failed).toBe(1);
    expect(listFailures(store)[0]?.code).toBe('SNE_INJOIGNABLE');
  });

  it('stops at once on a TLS refusal: no call starts after it, the jobs stay queued', async () => {
    const store = tempStore();
    fill(store, 50);
    let calls = 0;
    let startedAfterError = 0;
    let errored = false;
    const result = await drain(store, async (_bloc, n, { signal }) => {
      calls++;
      if (errored) startedAfterError++;
      if (calls === 6) {
        errored = true;
        throw new GuichetError('TLS_REFUS', 'refus', { transient: false });
      }
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, 5);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      });
      return answer(n, '2024-12-03T10:00:00.000+01:00');
    });
    expect(result.stoppedBy?.code).toBe('TLS_REFUS');
    expect(startedAfterError).toBe(0);
    expect(queueCounts(store).pending).toBeGreaterThanOrEqual(44);
    expect(queueCounts(store).failed).toBe(0);
  });

  it('holds a slot until a timed-out call has rejected (socket destroyed)', async () => {
    const store = tempStore();
    fill(store, 12);
    let inFlight = 0;
    let max = 0;
    let hung = 0;
    const result = await drain(store, async (_bloc, n) => {
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        if (hung < 4) {
          hung++;
          await tick(20); // the client's timeout, then the socket's close
          throw new GuichetError('SNE_INJOIGNABLE', 'délai dépassé', { transient: true });
        }
        await tick();
        return answer(n, '2024-12-03T10:00:00.000+01:00');
      } finally {
        inFlight--;
      }
    });
    expect(max).toBeLessThanOrEqual(4);
    expect(result.fetched).toBe(12);
  });

  it('opens the breaker on a failing SNE and stops the stage instead of hammering it', async () => {
    const store = tempStore();
    fill(store, 200);
    let calls = 0;
    const result = await drain(
      store,
      async () => {
        calls++;
        await tick();
        throw new GuichetError('SNE_ERREUR', 'panne', { transient: true });
      },
      {
        breaker: { threshold: 4, cooldownMs: 5, maxCooldownMs: 10, maxOpenings: 3 },
        maxAttempts: 1000,
      },
    );
    expect(result.stoppedBy?.code).toBe('SNE_INJOIGNABLE');
    expect(result.stoppedBy?.message).toMatch(/ne pas le surcharger/);
    // Threshold, then single probes: far fewer calls than jobs.
    expect(calls).toBeLessThan(30);
    expect(queueCounts(store).pending).toBe(200);
  });

  it('logs the breaker opening and closing, the retries and the TLS stop, numbers redacted', async () => {
    const store = tempStore();
    fill(store, 30);
    const logs: LogRecord[] = [];
    const logger = createLogger((r) => logs.push(r), { level: 'debug' });
    let calls = 0;
    const breaker = { threshold: 3, cooldownMs: 5, maxCooldownMs: 10, maxOpenings: 5 };
    const result = await drain(
      store,
      async (_bloc, n) => {
        calls++;
        await tick();
        if (calls <= 3) throw new GuichetError('SNE_ERREUR', `panne ${n}`, { transient: true });
        if (calls === 20) throw new GuichetError('TLS_REFUS', `refus ${n}`, { transient: false });
        return answer(n, '2024-12-03T10:00:00.000+01:00');
      },
      { breaker, maxAttempts: 1000, logger, slots: 1 }, // one slot: the failures are consecutive
    );
    expect(result.stoppedBy?.code).toBe('TLS_REFUS');
    const events = logs.map((r) => r.event);
    const opened = events.indexOf('queue.breaker.open');
    expect(opened).toBeGreaterThan(-1);
    expect(events.indexOf('queue.breaker.close')).toBeGreaterThan(opened);
    expect(logs[opened]).toMatchObject({ code: 'SNE_ERREUR', openings: 1, maxOpenings: 5 });
    expect(logs.filter((r) => r.event === 'queue.job.retry')).toHaveLength(3);
    expect(logs.find((r) => r.event === 'queue.tls.stop')).toMatchObject({
      level: 'error',
      code: 'TLS_REFUS',
      numUnique: '[masqué]',
    });
    expect(logs.find((r) => r.event === 'queue.drain.done')).toMatchObject({
      stoppedBy: 'TLS_REFUS',
      retried: 3,
      breakerOpenings: 1,
    });
    expect(JSON.stringify(logs)).not.toMatch(/931124\d{7}G1104/);
  });

  it('never replaces a block with an older one (dateFichier)', async () => {
    const store = tempStore();
    enqueueJob(store, num(1), 'evenements', 1000);
    await drain(store, (_b, n) =>
      Promise.resolve(answer(n, '2024-12-03T12:00:00.000+01:00', [{ v: 'récent' }])),
    );
    enqueueJob(store, num(1), 'evenements', 2000);
    await drain(store, (_b, n) =>
      Promise.resolve(answer(n, '2024-12-03T11:00:00.000+01:00', [{ v: 'ancien' }])),
    );
    const [bloc] = getBlocs(store, num(1));
    expect(bloc?.contenu).toEqual([{ v: 'récent' }]);
    expect(queueCounts(store)).toEqual({ pending: 0, done: 1, failed: 0 });
  });

  it('fetches again a DLS that moved while its block was being fetched', async () => {
    const store = tempStore();
    enqueueJob(store, num(1), 'evenements', 1000);
    let calls = 0;
    await drain(store, async (_b, n) => {
      calls++;
      if (calls === 1) enqueueJob(store, n, 'evenements', 2000); // GDM saw a newer movement
      await tick(2);
      return answer(n, `2024-12-03T1${calls}:00:00.000+01:00`, [{ appel: calls }]);
    });
    expect(calls).toBe(2);
    expect(getBlocs(store, num(1))[0]?.contenu).toEqual([{ appel: 2 }]);
    expect(queueCounts(store)).toEqual({ pending: 0, done: 1, failed: 0 });
  });
});
