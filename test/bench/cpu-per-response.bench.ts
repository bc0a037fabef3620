// Client CPU per unitary response parsed and stored: a whole `sync` of the engine (the lean SOAP
// client, the 4-slot queue, batched SQLite writes) against the simulator running in a child
// process, so that process.cpuUsage() counts the client alone. Latency 0: the figure is CPU, not
// waiting. Target: <= 1 ms per response.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fileSettingsStore } from '../../src-main/core/settings.ts';
import { DEFAULT_PKI_DIR, startSimulator } from '../../src-main/core/simulator/index.ts';
import { BLOCS, BLOCS_LOURDS } from '../../src-main/core/sne/blocs.ts';
import { ensurePki, PKI_PASSPHRASE } from '../../src-main/core/simulator/pki.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { SyncService } from '../../src-main/core/sync/sync-service.ts';

const DLS = Number(process.env.CPU_BENCH_DLS ?? 600);
const SELF = fileURLToPath(import.meta.url);

interface Served {
  url: string;
  offsetMs: number;
}

async function serve(): Promise<void> {
  const sim = await startSimulator({
    seed: 3,
    volume: Math.max(5_000, DLS * 6),
    movementsPerHour: 0,
  });
  const territoire = sim.ctx.data.guichets.get('G1104')!.departements;
  const nums = [...sim.ctx.data.dls.values()]
    .filter((d) => !d.purgee && d.departements.some((x) => territoire.includes(x)))
    .map((d) => d.numUnique)
    .slice(0, DLS);
  sim.generateMovements({
    numUniques: nums,
    guichet: 'G2201',
    natures: BLOCS.filter((b) => !BLOCS_LOURDS.includes(b)),
  });
  const served: Served = { url: sim.url, offsetMs: sim.clock.offsetMs };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
}

async function startServer(): Promise<{ served: Served; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    env: { ...process.env, CPU_BENCH_SERVER: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { served: JSON.parse(line) as Served, stop: () => child.kill('SIGTERM') };
}

export async function bench(): Promise<{ microsPerResponse: number; responses: number }> {
  const pki = await ensurePki(DEFAULT_PKI_DIR);
  const { served, stop } = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  const store = openStore(join(dir, 'cache.sqlite'));
  try {
    const settings = fileSettingsStore(dir);
    settings.update({ sneUrl: served.url });
    const cert = {
      pfx: readFileSync(pki.guichetP12('G1104')),
      passphrase: PKI_PASSPHRASE,
      ca: readFileSync(pki.ca),
    };
    const service = new SyncService({
      store,
      settings,
      dataDir: dir,
      connection: () => Promise.resolve({ sneUrl: served.url, cert, guichet: 'G1104' }),
    });
    let cpu: NodeJS.CpuUsage | null = null;
    let wall = 0;
    const off = service.onProgress((e) => {
      if (e.type === 'blocs' && cpu === null) {
        cpu = process.cpuUsage();
        wall = performance.now();
      }
    });
    const result = await service.run();
    const used = process.cpuUsage(cpu ?? undefined);
    wall = performance.now() - wall;
    off();
    const responses = result.drain?.fetched ?? 0;
    const micros = Math.round((used.user + used.system) / Math.max(1, responses));
    process.stdout.write(
      `CPU client par réponse unitaire lue et enregistrée : ${micros} µs ` +
        `(dont système ${Math.round(used.system / Math.max(1, responses))} µs) sur ${responses} réponses, ` +
        `${Math.round(responses / (wall / 1000))} réponses/s, latence 0\n`,
    );
    return { microsPerResponse: micros, responses };
  } finally {
    store.close();
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.CPU_BENCH_SERVER === '1') await serve();
else if (process.argv[1] === SELF) await bench();
