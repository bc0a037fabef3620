// The CLI dispatcher: help for every command, French refusals, exit codes.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src-main/cli/commands/index.ts';
import { runCli } from '../../src-main/cli/run.ts';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await runCli(argv, commands, {
    out,
    err,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, ...chunks };
}

describe('command line', () => {
  it('answers --help for every command with a French usage and exit 0', async () => {
    for (const command of commands) {
      const { code, out } = await run([command.name, '--help']);
      expect(code, command.name).toBe(0);
      expect(out, command.name).toMatch(/Usage/);
      expect(out, command.name).toContain(command.name);
    }
  });

  it('refuses an unknown command in French with the usage exit code', async () => {
    const { code, err } = await run(['synchro']);
    expect(code).toBe(2);
    expect(err).toContain('Commande inconnue');
    expect(err).toContain('sync');
  });
});
