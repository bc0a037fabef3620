// Running the CLI for the sync tests: as a child process (what kill -9 needs) or in-process
// through the same runCli entry (faster, same code), with the simulator's certificate and clock.
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { commands } from '../../../src-main/cli/commands/index.ts';
import { runCli } from '../../../src-main/cli/run.ts';
import type { SimulatorHandle } from '../../../src-main/core/simulator/index.ts';

export const PASS_ENV = 'SNE_TEST_PASSPHRASE';

export function syncArgs(sim: SimulatorHandle, dataDir: string, guichet = 'G1104'): string[] {
  return [
    'sync',
    '--sne-url',
    sim.url,
    '--pfx',
    sim.pki.guichetP12(guichet),
    '--passphrase-env',
    PASS_ENV,
    '--ca',
    sim.pki.ca,
    '--data-dir',
    dataDir,
    '--json',
  ];
}

/** The environment a CLI run needs to see the simulator's time and read the passphrase. */
export function cliEnv(sim: SimulatorHandle): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [PASS_ENV]: sim.pki.passphrase,
    SNE_GUICHET_DECALAGE_HORLOGE_MS: String(sim.clock.offsetMs),
  };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function runChild(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnCli(args, env);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out, err };
}

export async function runInProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d: Buffer) => (outText += d.toString()));
  err.on('data', (d: Buffer) => (errText += d.toString()));
  const code = await runCli(args, commands, {
    out,
    err,
    env,
    signal: new AbortController().signal,
  });
  return { code, out: outText, err: errText };
}
