// The GDM sequence runner against a scripted GDM: the ledger entry is committed before the first
// page, each page lands with its cursor, the watermark moves only with the last page, a lost
// cursor restarts the same window, loops are caught and Retry-After is honoured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/core/clock.ts';
import { isGuichetError } from '../../../src-main/core/errors.ts';
import { silentLogger } from '../../../src-main/core/logger.ts';
import { getDemandeVue } from '../../../src-main/core/api/demande-detail.ts';
import { BLOCS, BLOCS_LOURDS, type Bloc } from '../../../src-main/core/sne/blocs.ts';
import type {
  GdmClient,
  GdmPage,
  GdmRefus,
  GdmRequete,
} from '../../../src-main/core/sne/gdm-client.ts';
import { blocsOfMask } from '../../../src-main/core/store/bloc-bits.ts';
import { completeJob, dueJobs, queueCounts } from '../../../src-main/core/store/jobs.ts';
import { listSequences } from '../../../src-main/core/store/ledger.ts';
import { promouvoirMouvements } from '../../../src-main/core/store/mouvements.ts';
import { openStore, type Store } from '../../../src-main/core/store/open.ts';
import { getWatermark } from '../../../src-main/core/store/watermarks.ts';
import { filtreCle } from '../../../src-main/core/sync/filters.ts';
import { runGdmStage, type GdmRunnerDeps } from '../../../src-main/core/sync/gdm-runner.ts';
import { ServerClock } from '../../../src-main/core/sync/server-clock.ts';
import { DEFAULT_POLICY, HOUR, MINUTE } from '../../../src-main/core/sync/window-planner.ts';

const FILTRES = { departements: ['93'], communes: [], guichetsExclus: ['G1104'] };
const CLE = filtreCle(FILTRES);

let dir: string;
let path: string;
let store: Store;
afterEach(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
function setup(): { clock: ManualClock; server: ServerClock } {
  dir = mkdtempSync(join(tmpdir(), 'gdm-'));
  path = join(dir, 'cache.sqlite');
  store = openStore(path);
  // The DLS these tests move are already in the cache, so GDM's natures decide what is queued;
  // a DLS the cache has never seen gets every block (tested on its own below).
  for (const i of [1, 2, 3]) {
    store.statement('INSERT INTO demandes (num_unique) VALUES (?)').run(num(i));
  }
  const clock = new ManualClock('2025-03-30T00:30:00Z'); // across the spring DST change
  return { clock, server: new ServerClock(clock) };
}

/** Another connection, as a process started after a crash would see the file. */
function peek<T>(sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/**
 * The queue as a later process would fetch it: pending jobs and received movements not yet
 * expanded into jobs, one line per DLS, block and movement date.
 */
function queued(): string[] {
  const jobs = peek<{ n: string; bloc: string; at: number }>(
    "SELECT num_unique AS n, bloc, date_mouvement_ms AS at FROM jobs WHERE etat = 'A_FAIRE'",
  ).map((j) => `${j.n}/${j.bloc}@${j.at}`);
  const recus = peek<{ n: string; at: number; mask: number }>(
    'SELECT num_unique AS n, date_mouvement_ms AS at, a_recuperer AS mask FROM mouvements_recus',
  ).flatMap((r) => blocsOfMask(r.mask).map((b) => `${r.n}/${b}@${r.at}`));
  return [...jobs, ...recus].sort();
}

function num(i: number): string {
  return `931124${String(i).padStart(7, '0')}G1104`;
}

function page(
  clock: ManualClock,
  nums: [string, number][],
  curseur: string | null,
  natures?: Bloc[],
): GdmPage {
  return {
    kind: 'page',
    depuisMs: 0,
    jusqueMs: clock.now().getTime(),
    nombreTotal: 3,
    mouvements: nums.map(([n, at]) => ({
      numUnique: n,
      dateMouvementMs: at,
      blocs: natures ?? ['cerfa', 'dalo'],
    })),
    curseur,
  };
}

function scripted(
  steps: ((r: GdmRequete) => GdmPage | GdmRefus)[],
): GdmClient & { requests: GdmRequete[] } {
  const requests: GdmRequete[] = [];
  return {
    requests,
    getPage: (r) => {
      requests.push(r);
      const step = steps.shift();
      if (!step) return Promise.reject(new Error('unexpected GDM call'));
      return Promise.resolve({ result: step(r), dateHeader: undefined });
    },
  };
}

function deps(
  gdm: GdmClient,
  server: ServerClock,
  extra: Partial<GdmRunnerDeps> = {},
): GdmRunnerDeps {
  return {
    store,
    gdm,
    clock: server,
    policy: DEFAULT_POLICY,
    filtres: FILTRES,
    blocsLourdsALaDemande: true,
    logger: silentLogger,
    emit: () => undefined,
    ...extra,
  };
}

function refus(
  refusKind: GdmRefus['refus'],
  code: string,
  retryAfterMs: number | null = null,
): GdmRefus {
  return { kind: 'refus', refus: refusKind, status: 429, code, message: '', retryAfterMs };
}

describe('GDM sequence runner', () => {
  it('commits the ledger entry before the first page and stores each page with its cursor', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => {
        expect(
          peek<{ statut: string; pages: number }>('SELECT statut, pages FROM sequences'),
        ).toEqual([{ statut: 'EN_COURS', pages: 0 }]);
        return page(
          clock,
          [
            [num(1), 1],
            [num(2), 2],
          ],
          'c1',
        );
      },
      () => {
        expect(peek<{ curseur: string }>('SELECT curseur FROM sequences')[0]?.curseur).toBe('c1');
        expect(queued()).toEqual([
          `${num(1)}/cerfa@1`,
          `${num(1)}/dalo@1`,
          `${num(2)}/cerfa@2`,
          `${num(2)}/dalo@2`,
        ]);
        expect(peek('SELECT * FROM watermarks')).toEqual([]);
        return page(clock, [[num(3), 3]], null);
      },
    ]);
    const outcome = await runGdmStage(deps(gdm, server));
    expect(outcome.kind).toBe('termine');
    expect(getWatermark(store, CLE)).toBe(clock.now().getTime());
    // Page 2 carries the cursor and the echoed window end; page 1 let the server choose it.
    expect(gdm.requests[0]?.jusqueMs).toBeNull();
    expect(gdm.requests[1]).toMatchObject({ curseur: 'c1', jusqueMs: clock.now().getTime() });
    expect(gdm.requests[0]?.filtres.guichetsExclus).toEqual(['G1104']);
  });

  it('keeps one job per DLS and block when a DLS appears on two pages (latest movement wins)', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => page(clock, [[num(1), 100]], 'c1'),
      () => {
        expect(queued()).toEqual([`${num(1)}/cerfa@100`, `${num(1)}/dalo@100`]);
        return page(clock, [[num(1), 200]], null);
      },
    ]);
    await runGdmStage(deps(gdm, server));
    expect(queued()).toEqual([`${num(1)}/cerfa@200`, `${num(1)}/dalo@200`]);
    expect(queueCounts(store).pending).toBe(2);
    expect(promouvoirMouvements(store, 10)).toBe(1);
    const jobs = peek<{ bloc: string; date_mouvement_ms: number; etat: string }>(
      'SELECT bloc, date_mouvement_ms, etat FROM jobs ORDER BY bloc',
    );
    expect(jobs).toEqual([
      { bloc: 'cerfa', date_mouvement_ms: 200, etat: 'A_FAIRE' },
      { bloc: 'dalo', date_mouvement_ms: 200, etat: 'A_FAIRE' },
    ]);
    expect(peek('SELECT * FROM mouvements_recus')).toEqual([]);
  });

  it('re-queues a fetched block for a newer movement only, with a new version', async () => {
    const { clock, server } = setup();
    await runGdmStage(
      deps(scripted([() => page(clock, [[num(1), 100]], null, ['cerfa'])]), server),
    );
    promouvoirMouvements(store, 10);
    const [job] = dueJobs(store, Number.MAX_SAFE_INTEGER, 10, new Set());
    completeJob(store, job!);
    clock.advance(63 * MINUTE);
    const newer = scripted([
      () => page(clock, [[num(1), 50]], 'c1', ['cerfa']),
      () => page(clock, [[num(2), 300]], null, ['cerfa']),
    ]);
    await runGdmStage(deps(newer, server));
    expect(queued()).toEqual([`${num(2)}/cerfa@300`]);
    clock.advance(63 * MINUTE);
    await runGdmStage(
      deps(scripted([() => page(clock, [[num(1), 200]], null, ['cerfa'])]), server),
    );
    expect(promouvoirMouvements(store, 10)).toBe(2);
    expect(
      peek('SELECT num_unique, etat, date_mouvement_ms, version FROM jobs ORDER BY 1'),
    ).toEqual([
      { num_unique: num(1), etat: 'A_FAIRE', date_mouvement_ms: 200, version: 2 },
      { num_unique: num(2), etat: 'A_FAIRE', date_mouvement_ms: 300, version: 1 },
    ]);
  });

  it('records heavy blocks on demand as moved without queueing them, natures or not', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => ({
        ...page(clock, [[num(1), 1]], null, ['cerfa', 'noteCotation', 'pieces']),
        mouvements: [
          { numUnique: num(1), dateMouvementMs: 1, blocs: ['cerfa', 'noteCotation', 'pieces'] },
          { numUnique: num(2), dateMouvementMs: 2, blocs: [...BLOCS] }, // no natures: all
          { numUnique: num(3), dateMouvementMs: 3, blocs: ['pieces'] },
        ],
      }),
    ]);
    await runGdmStage(deps(gdm, server));
    const light = BLOCS.filter((b) => !BLOCS_LOURDS.includes(b));
    expect(queued()).toEqual([`${num(1)}/cerfa@1`, ...light.map((b) => `${num(2)}/${b}@2`)].sort());
    expect(queueCounts(store).pending).toBe(1 + light.length);
    const enAttente = (n: string): string[] => getDemandeVue(store, n, true)!.enAttente;
    // Shown as waiting before and after the queue expands the received movements.
    for (let round = 0; round < 2; round++) {
      expect(enAttente(num(1))).toEqual(['noteCotation', 'pieces']);
      expect(enAttente(num(2))).toEqual(['noteCotation', 'pieces']);
      expect(enAttente(num(3))).toEqual(['pieces']);
      const raison = getDemandeVue(store, num(3), true)!.manquants.find((m) => m.bloc === 'pieces');
      expect(raison?.raison).toMatch(/à la demande.*Actualiser/);
      promouvoirMouvements(store, 10);
    }
    expect(peek("SELECT num_unique, bloc FROM jobs WHERE etat = 'SIGNALE' ORDER BY 1, 2")).toEqual([
      { num_unique: num(1), bloc: 'noteCotation' },
      { num_unique: num(1), bloc: 'pieces' },
      { num_unique: num(2), bloc: 'noteCotation' },
      { num_unique: num(2), bloc: 'pieces' },
      { num_unique: num(3), bloc: 'pieces' },
    ]);
    expect(queueCounts(store).pending).toBe(1 + light.length);
    expect(
      dueJobs(store, Number.MAX_SAFE_INTEGER, 100, new Set()).map((j) => j.bloc),
    ).not.toContain('pieces');
  });

  it('queues every block of a DLS the cache has never seen, whatever its natures', async () => {
    const { clock, server } = setup();
    const nouvelle = num(40);
    await runGdmStage(
      deps(
        scripted([
          () =>
            page(
              clock,
              [
                [nouvelle, 7],
                [num(1), 7],
              ],
              null,
              ['dalo'],
            ),
        ]),
        server,
      ),
    );
    const light = BLOCS.filter((b) => !BLOCS_LOURDS.includes(b));
    expect(queued()).toEqual(
      [...light.map((b) => `${nouvelle}/${b}@7`), `${num(1)}/dalo@7`].sort(),
    );
    // The heavy ones are on demand: shown as waiting, not queued.
    expect(getDemandeVue(store, nouvelle, true)!.enAttente).toEqual(['noteCotation', 'pieces']);
  });

  it('queues heavy blocks like the others when they are not on demand', async () => {
    const { clock, server } = setup();
    const gdm = scripted([() => page(clock, [[num(1), 1]], null, ['cerfa', 'pieces'])]);
    await runGdmStage(deps(gdm, server, { blocsLourdsALaDemande: false }));
    expect(queued()).toEqual([`${num(1)}/cerfa@1`, `${num(1)}/pieces@1`]);
    expect(getDemandeVue(store, num(1), false)!.enAttente).toEqual([]);
  });

  it('refuses a second new sequence within the hour without calling GDM', async () => {
    const { clock, server } = setup();
    await runGdmStage(deps(scripted([() => page(clock, [], null)]), server));
    clock.advance(59 * MINUTE);
    const gdm = scripted([]);
    const outcome = await runGdmStage(deps(gdm, server));
    expect(outcome.kind).toBe('attente');
    expect(gdm.requests).toHaveLength(0);
  });

  it('restarts the same window when the cursor has expired, once the hour allows', async () => {
    const { clock, server } = setup();
    await runGdmStage(deps(scripted([() => page(clock, [], null)]), server));
    const watermark = clock.now().getTime();
    clock.advance(63 * MINUTE);
    const first = scripted([() => page(clock, [[num(1), 1]], 'c1')]);
    // The run dies after page 1 (the script has no page 2).
    await expect(runGdmStage(deps(first, server))).rejects.toThrow('unexpected GDM call');
    const depuis = first.requests[0]!.depuisMs;
    expect(depuis).toBe(watermark - 30 * MINUTE);

    clock.advance(20 * MINUTE); // cursor too old: no continue, and no new sequence yet
    const early = scripted([]);
    expect((await runGdmStage(deps(early, server))).kind).toBe('attente');

    clock.advance(45 * MINUTE);
    const again = scripted([() => page(clock, [[num(2), 2]], null)]);
    const outcome = await runGdmStage(deps(again, server));
    expect(outcome.kind).toBe('termine');
    expect(again.requests[0]).toMatchObject({ depuisMs: depuis, curseur: null });
    expect(listSequences(store, 5).map((s) => s.statut)).toEqual([
      'TERMINEE',
      'ABANDONNEE',
      'TERMINEE',
    ]);
  });

  it('drops a cursor the server refuses, and restarts that window later', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => page(clock, [[num(1), 1]], 'c1'),
      () => refus('curseur', 'GDM_CURSEUR_INVALIDE'),
    ]);
    const outcome = await runGdmStage(deps(gdm, server));
    expect(outcome).toMatchObject({ kind: 'interrompue', raison: 'GDM_CURSEUR_INVALIDE' });
    expect(
      peek<{ curseur: string | null; statut: string }>('SELECT curseur, statut FROM sequences'),
    ).toEqual([{ curseur: null, statut: 'EN_COURS' }]);
    expect(getWatermark(store, CLE)).toBeNull();
  });

  it('detects a cursor loop instead of paging forever', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => page(clock, [[num(1), 1]], 'c1'),
      () => page(clock, [[num(2), 2]], 'c2'),
      () => page(clock, [[num(3), 3]], 'c1'),
    ]);
    let error: unknown;
    await runGdmStage(deps(gdm, server)).catch((e: unknown) => (error = e));
    expect(isGuichetError(error, 'SNE_REPONSE_INVALIDE')).toBe(true);
    expect(getWatermark(store, CLE)).toBeNull();
  });

  it('waits out a short Retry-After and retries the same page', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => refus('indisponible', 'SNE_INDISPONIBLE', 20),
      () => page(clock, [[num(1), 1]], null),
    ]);
    const outcome = await runGdmStage(deps(gdm, server));
    expect(outcome.kind).toBe('termine');
    expect(gdm.requests).toHaveLength(2);
  });

  it('honours a long Retry-After: no new sequence is planned before it', async () => {
    const { clock, server } = setup();
    const gdm = scripted([() => refus('frequence', 'GDM_FREQUENCE_MAX', 3 * HOUR)]);
    const outcome = await runGdmStage(deps(gdm, server));
    expect(outcome).toMatchObject({
      kind: 'interrompue',
      untilMs: clock.now().getTime() + 3 * HOUR,
    });
    expect(listSequences(store, 1)[0]?.statut).toBe('REFUSEE');
    clock.advance(2 * HOUR);
    const later = await runGdmStage(deps(scripted([]), server));
    expect(later).toMatchObject({ kind: 'attente', raison: 'retry-after' });
  });

  it('replaying a window changes nothing in the queue (I5)', async () => {
    const { clock, server } = setup();
    await runGdmStage(deps(scripted([() => page(clock, [[num(1), 5]], null)]), server));
    const tables = (): unknown[] => [
      peek('SELECT * FROM jobs ORDER BY bloc'),
      peek('SELECT * FROM mouvements_recus'),
      peek('SELECT * FROM demandes'),
    ];
    const before = tables();
    expect(queued()).toEqual([`${num(1)}/cerfa@5`, `${num(1)}/dalo@5`]);
    clock.advance(63 * MINUTE);
    const replay = scripted([() => page(clock, [[num(1), 5]], null)]);
    expect((await runGdmStage(deps(replay, server))).kind).toBe('termine');
    expect(replay.requests).toHaveLength(1);
    expect(tables()).toEqual(before);

    // Once the jobs exist and one is done, a replay still changes nothing.
    promouvoirMouvements(store, 10);
    completeJob(store, dueJobs(store, Number.MAX_SAFE_INTEGER, 10, new Set())[0]!);
    const expanded = tables();
    clock.advance(63 * MINUTE);
    await runGdmStage(deps(scripted([() => page(clock, [[num(1), 5]], null)]), server));
    expect(tables()).toEqual(expanded);
  });
});
