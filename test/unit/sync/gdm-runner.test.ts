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
import type { Bloc } from '../../../src-main/core/sne/blocs.ts';
import type {
  GdmClient,
  GdmPage,
  GdmRefus,
  GdmRequete,
} from '../../../src-main/core/sne/gdm-client.ts';
import { listSequences } from '../../../src-main/core/store/ledger.ts';
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
        expect(peek('SELECT * FROM jobs')).toHaveLength(4);
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
      () => page(clock, [[num(1), 200]], null),
    ]);
    await runGdmStage(deps(gdm, server));
    const jobs = peek<{ bloc: string; date_mouvement_ms: number; version: number }>(
      'SELECT bloc, date_mouvement_ms, version FROM jobs ORDER BY bloc',
    );
    expect(jobs).toEqual([
      { bloc: 'cerfa', date_mouvement_ms: 200, version: 2 },
      { bloc: 'dalo', date_mouvement_ms: 200, version: 2 },
    ]);
  });

  it('leaves the heavy blocks to on-demand fetches by default', async () => {
    const { clock, server } = setup();
    const gdm = scripted([
      () => page(clock, [[num(1), 1]], null, ['cerfa', 'noteCotation', 'pieces']),
    ]);
    await runGdmStage(deps(gdm, server));
    expect(peek<{ bloc: string }>('SELECT bloc FROM jobs')).toEqual([{ bloc: 'cerfa' }]);
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
    const before = peek('SELECT * FROM jobs ORDER BY bloc');
    clock.advance(63 * MINUTE);
    const replay = scripted([() => page(clock, [[num(1), 5]], null)]);
    expect((await runGdmStage(deps(replay, server))).kind).toBe('termine');
    expect(replay.requests).toHaveLength(1);
    expect(peek('SELECT * FROM jobs ORDER BY bloc')).toEqual(before);
  });
});
