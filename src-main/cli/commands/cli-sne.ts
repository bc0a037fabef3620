// What the export-3ds and drm commands share: the connection options of `sync` (without its
// GDM filters, which mean something else here), the SNE connection, and the cache when it can
// be opened. Without the cache both commands still answer from the SNE, and say so.
import type { Agent } from 'undici';
import { isGuichetError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { createSneAgent } from '../../core/sne/tls.ts';
import type { Store } from '../../core/store/open.ts';
import type { CliIo } from '../command.ts';
import {
  cliLogger,
  openCliCache,
  openSettings,
  rememberOptions,
  resolveConnection,
  resolveDataDir,
  type ConnectionOptionValues,
} from '../connection-options.ts';

export const SNE_OPTIONS = {
  'sne-url': { type: 'string' },
  pfx: { type: 'string' },
  'passphrase-env': { type: 'string' },
  ca: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface CliSne {
  sneUrl: string;
  guichet: string;
  agent: Agent;
  store: Store | null;
  logger: Logger;
  close(): Promise<void>;
}

export async function openCliSne(
  values: Pick<ConnectionOptionValues, 'sne-url' | 'pfx' | 'passphrase-env' | 'ca' | 'data-dir'>,
  io: CliIo,
): Promise<CliSne> {
  const dataDir = resolveDataDir(values, io.env);
  const settings = openSettings(dataDir);
  rememberOptions(settings, {
    'sne-url': values['sne-url'],
    pfx: values.pfx,
    'passphrase-env': values['passphrase-env'],
    ca: values.ca,
  });
  const logger = cliLogger(io.env, io.err);
  const connection = await resolveConnection(settings.get(), io.env);
  const agent = createSneAgent(connection.cert);
  const store = await openCacheOrWarn(dataDir, logger, io);
  return {
    sneUrl: connection.sneUrl,
    guichet: connection.guichet,
    agent,
    store,
    logger,
    async close() {
      store?.close();
      await agent.close();
    },
  };
}

async function openCacheOrWarn(dataDir: string, logger: Logger, io: CliIo): Promise<Store | null> {
  try {
    return await openCliCache(dataDir, logger);
  } catch (error) {
    if (!isGuichetError(error)) throw error;
    io.err.write(
      `Cache local indisponible (${error.message}) : la réponse du SNE est utilisée seule, sans être conservée ni comparée au cache.\n`,
    );
    return null;
  }
}
