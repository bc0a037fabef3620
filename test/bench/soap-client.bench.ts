// Client CPU per unitary response, calls per second and connections: the lean SOAP client
// (unitaire-client.ts) and the `soap` package (keep-alive, and its defaults with a new
// connection per call), side by side in one run against the simulator's SOAP endpoint over
// mutual TLS (startSimulator), every call on one generated DLS whose nine blocks are all filled.
// The simulator runs in a child process so that process.cpuUsage() counts the client only.
// Target: client CPU <= 1 ms per response parsed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import { createSoapPackageClient } from '../../src-main/core/sne/soap-package-client.ts';
import type { ClientCertificate } from '../../src-main/core/sne/tls.ts';
import { createUnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import type { UnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import { DEFAULT_PKI_DIR, startSimulator } from '../../src-main/core/simulator/index.ts';
import { ensurePki, PKI_PASSPHRASE } from '../../src-main/core/simulator/pki.ts';
import { soapCases } from '../support/soap-cases.ts';

const CALLS = Number(process.env.SOAP_BENCH_CALLS ?? 900);
const WARMUP = 270;
const SLOTS = 4;

interface Figures {
  client: string;
  cpuMicrosPerResponse: number;
  /** Of which kernel time (socket writes and reads, TLS records). */
  systemMicrosPerResponse: number;
  callsPerSecond: number;
  sockets: number;
  handshakes: number;
}

/** 4 slots, each calling in turn, every block in rotation; client CPU measured around it. */
async function measure(name: string, client: UnitaireClient, numUnique: string): Promise<Figures> {
  const run = async (calls: number): Promise<void> => {
    let next = 0;
    const slot = async (): Promise<void> => {
      while (next < calls) {
        const bloc = BLOCS[next++ % BLOCS.length] ?? 'cerfa';
        const reponse = await client.fetchBloc(bloc, numUnique);
        if (reponse.kind !== 'bloc') throw new Error(`réponse inattendue : ${reponse.kind}`);
      }
    };
    await Promise.all(Array.from({ length: SLOTS }, slot));
  };
  await run(WARMUP);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run(CALLS);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const stats = client.connectionStats();
  await client.close();
  return {
    client: name,
    cpuMicrosPerResponse: Math.round((used.user + used.system) / CALLS),
    systemMicrosPerResponse: Math.round(used.system / CALLS),
    callsPerSecond: Math.round(CALLS / elapsed),
    sockets: stats.socketsCreated,
    handshakes: stats.tlsHandshakes,
  };
}

/** What the simulator process announces on its first line. */
interface Served {
  url: string;
  /** A generated DLS of G1104's territory with every block filled, files included. */
  numUnique: string;
}

function startServerProcess(): Promise<{ child: ChildProcess; served: Served }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, SOAP_BENCH_SERVER: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`serveur arrêté (${String(code)})`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve({ child, served: JSON.parse(line) as Served }));
  });
}

export async function bench(): Promise<Figures[]> {
  // The child process starts the simulator on this same (default) PKI directory.
  const pki = await ensurePki(DEFAULT_PKI_DIR);
  const cert: ClientCertificate = {
    pfx: readFileSync(pki.guichetP12('G1104')),
    passphrase: PKI_PASSPHRASE,
    ca: readFileSync(pki.ca),
  };
  const { child, served } = await startServerProcess();
  const base = { baseUrl: served.url, cert, guichet: 'G1104' };
  const { numUnique } = served;
  const figures: Figures[] = [];
  try {
    figures.push(
      await measure('lean (engine), keep-alive 4', createUnitaireClient(base), numUnique),
    );
    figures.push(
      await measure(
        'soap package, keep-alive 4',
        createSoapPackageClient({ ...base, keepAlive: true }),
        numUnique,
      ),
    );
    figures.push(
      await measure(
        'soap package, defaults (new connection per call)',
        createSoapPackageClient({ ...base, keepAlive: false }),
        numUnique,
      ),
    );
  } finally {
    child.kill();
  }
  process.stdout.write(
    `SOAP clients, ${CALLS} calls over ${SLOTS} slots, every block of ${numUnique} in turn, latency 0\n`,
  );
  for (const f of figures) {
    process.stdout.write(
      `  ${f.client.padEnd(50)} CPU ${String(f.cpuMicrosPerResponse).padStart(6)} µs/response ` +
        `(system ${String(f.systemMicrosPerResponse).padStart(5)})  ` +
        `${String(f.callsPerSecond).padStart(6)} calls/s  sockets ${f.sockets}  handshakes ${f.handshakes}\n`,
    );
  }
  const [lean, pkg] = figures;
  if (lean && pkg) {
    process.stdout.write(
      `  CPU ratio soap package / lean: ${(pkg.cpuMicrosPerResponse / lean.cpuMicrosPerResponse).toFixed(2)}\n`,
    );
  }
  return figures;
}

async function serve(): Promise<void> {
  // No movement feed, no faults, no latency: the bench measures the client alone.
  const sim = await startSimulator({ seed: 1, volume: 300, movementsPerHour: 0 });
  const served: Served = { url: sim.url, numUnique: soapCases(sim).lisible };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  process.once('SIGTERM', () => {
    void sim.close().then(() => process.exit(0));
  });
}

if (process.env.SOAP_BENCH_SERVER === '1') await serve();
else if (process.argv[1] === fileURLToPath(import.meta.url)) await bench();
