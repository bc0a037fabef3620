// The sync commands as a user runs them (a child process, the encrypted cache, the OS keychain of
// the test session): `sync` fetches, an immediate second `sync` exits 3 without calling GDM,
// `status`, `demandes` and `demande` read the cache in the documented JSON shapes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/core/simulator/index.ts';
import { BLOCS } from '../../../src-main/core/sne/blocs.ts';
import { cliEnv, runChild, runInProcess, syncArgs } from './cli.ts';
import { expectJournalClean, gdmSequences } from './harness.ts';

let sim: SimulatorHandle;
let dir: string;
beforeAll(async () => {
  process.env.SNE_GUICHET_TROUSSEAU = `sne-guichet-test-cli-${process.pid}`;
  sim = await startSimulator({ volume: 200, movementsPerHour: 0, latencyMs: 5 });
  sim.generateMovements({ count: 30, guichet: 'G2201' });
  dir = mkdtempSync(join(tmpdir(), 'cli-sync-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sne-guichet sync and the cache commands', () => {
  it('sync exits 0 once the sequence ran and the queue is drained, then 3 without calling GDM', async () => {
    const first = await runChild(syncArgs(sim, dir), cliEnv(sim));
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as {
      sequence: { kind: string };
      queue: { pending: number };
    };
    expect(report.sequence.kind).toBe('termine');
    expect(report.queue.pending).toBe(0);

    const callsBefore = sim.journal.entries().filter((e) => e.kind === 'REST').length;
    // Options are remembered: the second run gives only the data directory.
    const second = await runInProcess(['sync', '--data-dir', dir, '--json'], cliEnv(sim));
    expect(second.code).toBe(3);
    expect((JSON.parse(second.out) as { nextAllowedAt: string }).nextAllowedAt).toMatch(
      /^\d{4}-\d{2}-\d{2}T/,
    );
    expect(sim.journal.entries().filter((e) => e.kind === 'REST')).toHaveLength(callsBefore);
    expect(gdmSequences(sim)).toHaveLength(1);
    expectJournalClean(sim);
  });

  it('status --json gives the watermark, the next allowed time, the queue and the failures', async () => {
    const { code, out } = await runInProcess(['status', '--data-dir', dir, '--json'], cliEnv(sim));
    expect(code).toBe(0);
    const status = JSON.parse(out) as {
      watermark: string;
      lastSequenceAt: string;
      nextAllowedAt: string;
      queue: { pending: number };
      gaps: unknown[];
      failures: Record<string, unknown>[];
    };
    expect(Object.keys(status)).toEqual(
      expect.arrayContaining([
        'failures',
        'gaps',
        'lastSequenceAt',
        'nextAllowedAt',
        'queue',
        'watermark',
      ]),
    );
    expect(status.watermark).toMatch(/[+-]\d{2}:\d{2}$/);
    expect(
      Date.parse(status.nextAllowedAt) - Date.parse(status.lastSequenceAt),
    ).toBeGreaterThanOrEqual(3_600_000);
    expect(status.queue.pending).toBe(0);
    expect(status.gaps).toEqual([]);
    for (const f of status.failures)
      expect(Object.keys(f).sort()).toEqual(['bloc', 'code', 'message', 'numUnique']);
  });

  it('demandes --json lists the cached demands and finds one by name without accents', async () => {
    const { code, out } = await runInProcess(
      ['demandes', '--data-dir', dir, '--json', '--limit', '500'],
      cliEnv(sim),
    );
    expect(code).toBe(0);
    const rows = JSON.parse(out) as {
      numUnique: string;
      demandeur: string | null;
      communes: string[];
      blocs: string[];
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const named = rows.find((r) => r.demandeur !== null);
    expect(named).toBeDefined();
    const surname = named!.demandeur!.split(' ')[0]!;
    const plain = surname.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const found = await runInProcess(
      ['demandes', '--data-dir', dir, '--json', '--q', plain],
      cliEnv(sim),
    );
    expect((JSON.parse(found.out) as { numUnique: string }[]).map((r) => r.numUnique)).toContain(
      named!.numUnique,
    );
  });

  it('demande NUM --json gives every block keyed by its contract name, with its fetch time', async () => {
    const list = JSON.parse(
      (await runInProcess(['demandes', '--data-dir', dir, '--json'], cliEnv(sim))).out,
    ) as {
      numUnique: string;
      blocs: string[];
    }[];
    const withBlocs = list.find((r) => r.blocs.length > 0)!;
    const { code, out } = await runInProcess(
      ['demande', withBlocs.numUnique, '--data-dir', dir, '--json'],
      cliEnv(sim),
    );
    expect(code).toBe(0);
    const detail = JSON.parse(out) as {
      numUnique: string;
      blocs: Record<string, { contenu: unknown; recupereLe: string; dateFichier: string }>;
    };
    expect(detail.numUnique).toBe(withBlocs.numUnique);
    expect(Object.keys(detail.blocs)).toEqual([...BLOCS]);
    const bloc = detail.blocs[withBlocs.blocs[0]!]!;
    expect(bloc.recupereLe).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(bloc.dateFichier).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const truth = sim.ctx.data.dls.get(withBlocs.numUnique)!.blocs as unknown as Record<
      string,
      unknown
    >;
    if (withBlocs.blocs[0] !== 'pieces' && withBlocs.blocs[0] !== 'noteCotation') {
      expect(bloc.contenu).toEqual(JSON.parse(JSON.stringify(truth[withBlocs.blocs[0]!])));
    }
  });

  it('says in French when no certificate is available at all', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cli-nocert-'));
    try {
      const { code, err } = await runInProcess(
        ['sync', '--data-dir', empty, '--sne-url', sim.url],
        cliEnv(sim),
      );
      expect(code).toBe(1);
      expect(err).toMatch(/Aucun certificat de guichet/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
