// One real `sync` (the CLI command, in this process) against the local simulator over mutual TLS,
// with the structured logs captured: what the data-protection tests inspect afterwards.
// Needs a Secret Service (the cache key): run under scripts/test.sh.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { syncCommand } from '../../src-main/cli/commands/sync.ts';
import { CACHE_FILE } from '../../src-main/cli/connection-options.ts';
import type { FaultKind } from '../../src-main/core/simulator/context.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';

export interface SimulatedSync {
  sim: SimulatorHandle;
  dataDir: string;
  cachePath: string;
  exitCode: number;
  stdout: string;
  /** JSON log lines and French messages, as the CLI wrote them to stderr. */
  stderr: string;
}

export async function syncAgainstSimulator(
  options: {
    volume?: number;
    faultRate?: number;
    faultKinds?: FaultKind[];
    /** Runs on the started simulator before the sync (movements, purges). */
    prepare?: (sim: SimulatorHandle) => void;
  } = {},
): Promise<SimulatedSync> {
  const sim = await startSimulator({
    volume: options.volume ?? 300,
    pkiDir: mkdtempSync(join(tmpdir(), 'pki-sync-')),
    faultRate: options.faultRate ?? 0,
    ...(options.faultKinds ? { faultKinds: options.faultKinds } : {}),
  });
  options.prepare?.(sim);
  const departements = new Set<string>();
  for (const dls of sim.ctx.data.dls.values()) dls.departements.forEach((d) => departements.add(d));
  const dataDir = mkdtempSync(join(tmpdir(), 'donnees-sync-'));
  const out = capture();
  const err = capture();
  const args = ['--sne-url', sim.url, '--ca', sim.pki.ca, '--pfx', sim.pki.guichetP12('G1104')];
  args.push('--passphrase-env', 'PASS_SIMULATEUR', '--departements', [...departements].join(','));
  args.push('--data-dir', dataDir, '--json');
  const exitCode = await syncCommand.run(args, {
    out: out.stream,
    err: err.stream,
    env: { ...process.env, PASS_SIMULATEUR: sim.pki.passphrase, SNE_GUICHET_JOURNAL: 'debug' },
    signal: new AbortController().signal,
  });
  return {
    sim,
    dataDir,
    cachePath: join(dataDir, CACHE_FILE),
    exitCode,
    stdout: out.text(),
    stderr: err.text(),
  };
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}
