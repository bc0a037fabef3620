// `demo`: one command for a newcomer. It starts the simulator, imports its G1104 test
// certificate, synchronises from it and serves the application. Everything lives in a
// temporary folder removed at exit, the certificate in memory: the data are fictitious and
// nothing touches the user's keychain or real cache (which is why this cache is not encrypted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openAppRuntime, CACHE_FILE } from '../../core/api/app-runtime.ts';
import { memoryCertificatePort } from '../../core/api/memory-certificate.ts';
import { systemClock } from '../../core/clock.ts';
import { openStore } from '../../core/store/open.ts';
import { EXIT, type CliCommand } from '../command.ts';
import { cliLogger } from '../connection-options.ts';
import { checkWebBuilt, parsePort, serveUntilStopped } from '../web-session.ts';

const HELP = `Usage :
  sne-guichet demo [--port N] [--volume N]

Démarre le simulateur intégré, synchronise les demandes fictives du guichet G1104, puis sert
l'application sur http://127.0.0.1:N (adresse à jeton affichée). Tout est effacé à l'arrêt.
`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Démonstration : simulateur, synchronisation et application dans le navigateur',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        volume: { type: 'string', default: '300' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      io.out.write(HELP);
      return EXIT.OK;
    }
    const port = parsePort(values.port, io);
    const volume = Number(values.volume);
    if (port === null) return EXIT.USAGE;
    if (!Number.isInteger(volume) || volume < 1 || volume > 200_000) {
      io.err.write('--volume attend un nombre de demandes entre 1 et 200000.\n');
      return EXIT.USAGE;
    }
    if (!checkWebBuilt(io)) return EXIT.ERREUR;
    const dataDir = mkdtempSync(join(tmpdir(), 'sne-guichet-demo-'));
    try {
      return await runDemo(dataDir, port, volume, io);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function runDemo(
  dataDir: string,
  port: number,
  volume: number,
  io: Parameters<CliCommand['run']>[1],
): Promise<number> {
  const logger = cliLogger(io.env, io.err);
  const runtime = await openAppRuntime({
    dataDir,
    logger,
    certificates: memoryCertificatePort(systemClock),
    openStore: () => Promise.resolve(openStore(join(dataDir, CACHE_FILE))),
    // Six days of movements, several per DLS: the first window (7 days deep) brings most of them.
    simulator: {
      volume,
      pkiDir: join(dataDir, 'pki'),
      historyMs: 6 * 24 * 3_600_000,
      movementsPerHour: Math.max(60, Math.ceil(volume / 12)),
    },
  });
  io.err.write('Démarrage du simulateur et synchronisation des demandes fictives…\n');
  await runtime.simulator?.use();
  const result = await runtime.service.run({ signal: io.signal });
  const counts = runtime.service.status().queue;
  io.err.write(
    `Synchronisation terminée : ${result.sequence ? 'une séquence GDM, ' : ''}${counts.done} blocs récupérés, ${counts.failed} en échec.\n`,
  );
  return serveUntilStopped(runtime, port, io, logger);
}
