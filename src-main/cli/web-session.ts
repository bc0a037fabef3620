// What `serve` and `demo` share: serving an AppRuntime in browser mode until Ctrl+C, and where
// the built renderer lives.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppRuntime } from '../core/api/app-runtime.ts';
import type { Logger } from '../core/logger.ts';
import { startWebServer } from '../core/web/server.ts';
import { EXIT, type CliIo } from './command.ts';

export const WEB_DIR = fileURLToPath(new URL('../../out/web', import.meta.url));

export function checkWebBuilt(io: CliIo): boolean {
  if (existsSync(`${WEB_DIR}/index.html`)) return true;
  io.err.write("L'interface web n'est pas construite : lancez d'abord « npm run build:web ».\n");
  return false;
}

export function parsePort(text: string | undefined, io: CliIo): number | null {
  const port = Number(text ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err.write(
      `Port invalide : « ${text} » (un nombre de 0 à 65535 ; 0 choisit un port libre).\n`,
    );
    return null;
  }
  return port;
}

/** Serves until the user stops it, then closes everything. */
export async function serveUntilStopped(
  runtime: AppRuntime,
  port: number,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  const server = await startWebServer({ api: runtime.api, staticDir: WEB_DIR, port, logger });
  io.out.write(`${server.url}\n`);
  io.err.write(
    'Ouvrez cette adresse dans un navigateur (elle contient le jeton d’accès ; ne la partagez pas). Arrêt : Ctrl+C.\n',
  );
  await new Promise<void>((done) => {
    if (io.signal.aborted) done();
    else io.signal.addEventListener('abort', () => done(), { once: true });
  });
  await server.close();
  await runtime.close();
  io.err.write('Serveur arrêté.\n');
  return EXIT.OK;
}
