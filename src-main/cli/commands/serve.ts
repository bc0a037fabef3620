// `serve`: the application in a browser, against this data folder, on 127.0.0.1 only. The
// printed address carries the access token.
import { parseArgs } from 'node:util';
import { openAppRuntime } from '../../core/api/app-runtime.ts';
import { EXIT, type CliCommand } from '../command.ts';
import { cliLogger, resolveDataDir } from '../connection-options.ts';
import { checkWebBuilt, parsePort, serveUntilStopped } from '../web-session.ts';

const HELP = `Usage :
  sne-guichet serve [--port N] [--data-dir DOSSIER]

Sert l'application (interface et API) sur http://127.0.0.1:N et affiche l'adresse à ouvrir,
qui contient un jeton d'accès. Le cache, les paramètres et le certificat sont ceux du dossier
de données (le certificat est lu dans le trousseau du système). Arrêt : Ctrl+C.
`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "Ouvrir l'application dans un navigateur (127.0.0.1, adresse à jeton)",
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      io.out.write(HELP);
      return EXIT.OK;
    }
    const port = parsePort(values.port, io);
    if (port === null) return EXIT.USAGE;
    if (!checkWebBuilt(io)) return EXIT.ERREUR;
    const logger = cliLogger(io.env, io.err);
    const dataDir = resolveDataDir({ 'data-dir': values['data-dir'] }, io.env);
    const runtime = await openAppRuntime({ dataDir, logger });
    return serveUntilStopped(runtime, port, io, logger);
  },
};
