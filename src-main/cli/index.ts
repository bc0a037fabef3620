// Entry point of `npm run cli -- <command>` and of the `sne-guichet` bin.
import { commands } from './commands/index.ts';
import { runCli } from './run.ts';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const code = await runCli(process.argv.slice(2), commands, {
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
