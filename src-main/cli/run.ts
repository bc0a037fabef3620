import { isGuichetError } from '../core/errors.ts';
import { EXIT, type CliCommand, type CliIo } from './command.ts';

export async function runCli(argv: string[], commands: CliCommand[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'aide' || name === '--help' || name === '-h') {
    io.out.write(usage(commands));
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err.write(`Commande inconnue : « ${name} ».\n${usage(commands)}`);
    return EXIT.USAGE;
  }
  if (command.usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out.write(command.usage);
    return EXIT.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err.write(`${describeError(error)}\n`);
    return EXIT.ERREUR;
  }
}

export function describeError(error: unknown): string {
  if (isGuichetError(error)) return `Erreur (${error.code}) : ${error.message}`;
  if (error instanceof TypeError && /parseArgs|option/i.test(error.message)) {
    return `Option invalide : ${error.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Erreur inattendue : ${message}`;
}

function usage(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage : sne-guichet <commande> [options]\n\nCommandes :\n${lines.join('\n')}\n`;
}
