// Runs a CLI command in-process, as `npm run cli -- ...` would, and captures what it printed.
import { PassThrough } from 'node:stream';
import { commands } from '../../src-main/cli/commands/index.ts';
import { runCli } from '../../src-main/cli/run.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (chunk: Buffer) => (outText += chunk.toString('utf8')));
  err.on('data', (chunk: Buffer) => (errText += chunk.toString('utf8')));
  const code = await runCli(argv, commands, {
    out,
    err,
    env,
    signal: new AbortController().signal,
  });
  return { code, out: outText, err: errText };
}
