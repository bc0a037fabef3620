// The fetch stage at the ceiling the SNE allows: 2,000 moved DLS against the simulator (mutual
// TLS, fixed latency L), the engine's 4 slots versus a plain baseline (the `soap` package with
// its defaults: a new connection per call, 4 calls at a time). Prints calls per second divided
// by the ceiling 4 / L, and the connections and TLS handshakes the simulator counted.
// Target: engine >= 0.95 of the ceiling at 200 ms with <= 4 connections for the SOAP stage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSettingsStore } from '../../src-main/core/settings.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import type { Bloc } from '../../src-main/core/sne/blocs.ts';
import { createSoapPackageClient } from '../../src-main/core/sne/soap-package-client.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { SyncService } from '../../src-main/core/sync/sync-service.ts';

const DLS = Number(process.env.SYNC_BENCH_DLS ?? 2000);
const LATENCIES = (process.env.SYNC_BENCH_LATENCIES ?? '50,200').split(',').map(Number);

interface Row {
  client: string;
  latencyMs: number;
  calls: number;
  seconds: number;
  perSecond: number;
  ratio: number;
  connections: number;
  handshakes: number;
}

async function setup(latencyMs: number): Promise<{ sim: SimulatorHandle; moved: string[] }> {
  const sim = await startSimulator({
    volume: Math.max(10_000, DLS * 6),
    movementsPerHour: 0,
    latencyMs,
  });
  const territoire = sim.ctx.data.guichets.get('G1104')!.departements;
  const candidates = [...sim.ctx.data.dls.values()]
    .filter((d) => !d.purgee && d.departements.some((x) => territoire.includes(x)))
    .map((d) => d.numUnique)
    .slice(0, DLS);
  sim.generateMovements({ numUniques: candidates, guichet: 'G2201' });
  return { sim, moved: candidates };
}

function certOf(sim: SimulatorHandle) {
  return {
    pfx: readFileSync(sim.pki.guichetP12('G1104')),
    passphrase: sim.pki.passphrase,
    ca: readFileSync(sim.pki.ca),
  };
}

/** The engine: a whole `sync` (one GDM sequence, then the queue), timed on its SOAP stage. */
async function engine(latencyMs: number): Promise<{ row: Row; jobs: { n: string; bloc: Bloc }[] }> {
  const { sim } = await setup(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  try {
    const settings = fileSettingsStore(dir);
    settings.update({ sneUrl: sim.url });
    const cert = certOf(sim);
    const service = new SyncService({
      store,
      settings,
      dataDir: dir,
      clock: sim.clock,
      connection: () => Promise.resolve({ sneUrl: sim.url, cert, guichet: 'G1104' }),
    });
    // The SOAP stage starts when GDM's last page is stored; GDM's own connection is left out.
    const gdmConnections = { before: 0 };
    let soapStart = 0;
    const off = service.onProgress((e) => {
      if (e.type === 'page') {
        soapStart = performance.now();
        gdmConnections.before = sim.journal.tls.handshakes;
      }
    });
    const result = await service.run();
    const seconds = (performance.now() - soapStart) / 1000;
    off();
    const calls = result.drain?.fetched ?? 0;
    const jobs = store.db.prepare('SELECT num_unique AS n, bloc FROM jobs').all() as {
      n: string;
      bloc: Bloc;
    }[];
    return {
      row: row('moteur (4 connexions keep-alive)', latencyMs, calls, seconds, {
        connections: sim.journal.tls.connections - gdmConnections.before,
        handshakes: sim.journal.tls.handshakes - gdmConnections.before,
      }),
      jobs,
    };
  } finally {
    store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: the soap package with its defaults, p-limit 4, over the same jobs. */
async function baseline(latencyMs: number, jobs: { n: string; bloc: Bloc }[]): Promise<Row> {
  const { sim } = await setup(latencyMs);
  const client = createSoapPackageClient({
    baseUrl: sim.url,
    cert: certOf(sim),
    guichet: 'G1104',
    keepAlive: false,
  });
  try {
    sim.journal.clear();
    let next = 0;
    let calls = 0;
    const started = performance.now();
    const slot = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        await client.fetchBloc(job.bloc, job.n).then(
          () => calls++,
          () => undefined,
        );
      }
    };
    await Promise.all([slot(), slot(), slot(), slot()]);
    const seconds = (performance.now() - started) / 1000;
    return row(
      'paquet soap, réglages par défaut, p-limit 4',
      latencyMs,
      calls,
      seconds,
      sim.journal.tls,
    );
  } finally {
    await client.close();
    await sim.close();
  }
}

function row(
  client: string,
  latencyMs: number,
  calls: number,
  seconds: number,
  tls: { connections: number; handshakes: number },
): Row {
  const perSecond = calls / seconds;
  return {
    client,
    latencyMs,
    calls,
    seconds: round(seconds),
    perSecond: round(perSecond),
    ratio: round(perSecond / (4 / (latencyMs / 1000)), 3),
    connections: tls.connections,
    handshakes: tls.handshakes,
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export async function bench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const latencyMs of LATENCIES) {
    const e = await engine(latencyMs);
    rows.push(e.row);
    rows.push(await baseline(latencyMs, e.jobs));
  }
  process.stdout.write(`Étape SOAP, ${DLS} DLS mouvementées, plafond = 4 / L appels par seconde\n`);
  for (const r of rows) {
    process.stdout.write(
      `  L=${String(r.latencyMs).padStart(3)} ms  ${r.client.padEnd(44)} ${String(r.calls).padStart(5)} appels ` +
        `en ${String(r.seconds).padStart(6)} s  ${String(r.perSecond).padStart(6)}/s  ` +
        `débit/plafond ${r.ratio.toFixed(3)}  connexions ${r.connections}  poignées TLS ${r.handshakes}\n`,
    );
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bench();
