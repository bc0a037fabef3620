// What every CLI command looks like. Commands parse their own options with node:util parseArgs,
// write results to io.out (JSON with --json) and French messages to io.err, and return the exit
// code. They never call process.exit themselves, so tests can run them in-process.

export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (Ctrl+C); long-running commands watch it. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One French line for `sne-guichet aide`. */
  summary: string;
  /** French usage text printed by `<command> --help`, for commands that do not print their own. */
  usage?: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export const EXIT = {
  OK: 0,
  ERREUR: 1,
  USAGE: 2,
  /** sync: no GDM sequence allowed now. */
  PAS_AUTORISE: 3,
} as const;
