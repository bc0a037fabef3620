// The fetch stage at the ceiling the SNE allows: 2,000 moved DLS against the simulator (mutual
// TLS, fixed latency L), the engine's 4 slots versus a plain baseline (the `soap` package with
// its defaults: a new connection per call, 4 calls at a time). Prints calls per second divided
// by the ceiling 4 / L, and the connections and TLS handshakes the simulator counted.
// Target: engine >= 0.95 of the ceiling at 200 ms with <= 4 connections for the SOAP stage.
// The simulator runs in a child process, as the SNE runs on its own machine: in one process its
// CPU would be charged to the client's event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fileSettingsStore } from '../../src-main/core/settings.ts';
import { DEFAULT_PKI_DIR, startSimulator } from '../../src-main/core/simulator/index.ts';
import { ensurePki, PKI_PASSPHRASE } from '../../src-main/core/simulator/pki.ts';
import type { Bloc } from '../../src-main/core/sne/blocs.ts';
import { createSoapPackageClient } from '../../src-main/core/sne/soap-package-client.ts';
import { createSneAgent, getJson, type ClientCertificate } from '../../src-main/core/sne/tls.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { SyncService } from '../../src-main/core/sync/sync-service.ts';

const SELF = fileURLToPath(import.meta.url);

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

interface Served {
  url: string;
  offsetMs: number;
  /** The moved DLS, so the engine's cache can hold them already (a guichet in steady state). */
  candidates: string[];
}

/** Child process: a simulator with latency L and DLS moved in G1104's territory. */
async function serve(): Promise<void> {
  const latencyMs = Number(process.env.SYNC_BENCH_LATENCY);
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
  const served: Served = { url: sim.url, offsetMs: sim.clock.offsetMs, candidates };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
}

async function startServer(latencyMs: number): Promise<{ served: Served; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    env: { ...process.env, SYNC_BENCH_SERVER: '1', SYNC_BENCH_LATENCY: String(latencyMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { served: JSON.parse(line) as Served, stop: () => child.kill('SIGTERM') };
}

async function certificate(): Promise<ClientCertificate> {
  const pki = await ensurePki(DEFAULT_PKI_DIR);
  return {
    pfx: readFileSync(pki.guichetP12('G1104')),
    passphrase: PKI_PASSPHRASE,
    ca: readFileSync(pki.ca),
  };
}

/** The simulator's TLS counts, read on a connection of its own (counted, and subtracted). */
async function tlsCounts(
  url: string,
  cert: ClientCertificate,
): Promise<{ connections: number; handshakes: number }> {
  const agent = createSneAgent(cert, 1);
  try {
    const { body } = await getJson(agent, `${url}/_sim/journal?dernieres=0`);
    const tls = (body as { tls: { connections: number; handshakes: number } }).tls;
    return { connections: tls.connections - 1, handshakes: tls.handshakes - 1 };
  } finally {
    await agent.close();
  }
}

/** The engine: a whole `sync` (one GDM sequence, then the queue), timed on its SOAP stage. */
async function engine(latencyMs: number): Promise<{ row: Row; jobs: { n: string; bloc: Bloc }[] }> {
  const { served, stop } = await startServer(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  try {
    // A guichet in steady state already holds these DLS: only the blocks GDM names are fetched
    // (a DLS new to the cache would get all its blocks).
    const known = store.statement('INSERT INTO demandes (num_unique) VALUES (?)');
    for (const n of served.candidates) known.run(n);
    const settings = fileSettingsStore(dir);
    settings.update({ sneUrl: served.url });
    const cert = await certificate();
    const service = new SyncService({
      store,
      settings,
      dataDir: dir,
      connection: () => Promise.resolve({ sneUrl: served.url, cert, guichet: 'G1104' }),
    });
    // The SOAP stage starts when GDM's last page is stored.
    let soapStart = 0;
    const off = service.onProgress((e) => {
      if (e.type === 'page') soapStart = performance.now();
    });
    const before = await tlsCounts(served.url, cert);
    const result = await service.run();
    const seconds = (performance.now() - soapStart) / 1000;
    off();
    const after = await tlsCounts(served.url, cert);
    const calls = result.drain?.fetched ?? 0;
    // The calls the engine made: heavy blocks only signalled (on demand) were not fetched.
    const jobs = store.db
      .prepare("SELECT num_unique AS n, bloc FROM jobs WHERE etat <> 'SIGNALE'")
      .all() as {
      n: string;
      bloc: Bloc;
    }[];
    // Less the journal read between the two counts, and GDM's own connection.
    const soap = {
      connections: after.connections - before.connections - 2,
      handshakes: after.handshakes - before.handshakes - 2,
    };
    return { row: row('moteur (4 connexions keep-alive)', latencyMs, calls, seconds, soap), jobs };
  } finally {
    store.close();
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: the soap package with its defaults, p-limit 4, over the same jobs. */
async function baseline(latencyMs: number, jobs: { n: string; bloc: Bloc }[]): Promise<Row> {
  const { served, stop } = await startServer(latencyMs);
  const cert = await certificate();
  const client = createSoapPackageClient({
    baseUrl: served.url,
    cert,
    guichet: 'G1104',
    keepAlive: false,
  });
  try {
    const before = await tlsCounts(served.url, cert);
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
    const after = await tlsCounts(served.url, cert);
    return row('paquet soap, réglages par défaut, p-limit 4', latencyMs, calls, seconds, {
      connections: after.connections - before.connections - 1,
      handshakes: after.handshakes - before.handshakes - 1,
    });
  } finally {
    await client.close();
    stop();
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

if (process.env.SYNC_BENCH_SERVER === '1') await serve();
else if (process.argv[1] === SELF) await bench();
