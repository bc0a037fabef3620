// The browser mode's HTTP server: the built renderer and the same GuichetApi as Electron, on
// 127.0.0.1 only, behind a random token that travels in the printed URL. It exists so that the
// real UI runs against the real core wherever Electron cannot start (design.md).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GuichetApi } from '../api-types.ts';
import { dispatchCall } from '../api/dispatch.ts';
import type { Logger } from '../logger.ts';
import { streamProgress } from './progress-events.ts';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedHost,
  newToken,
  tokenMatches,
} from './request-guards.ts';
import { serveStatic } from './static-files.ts';

export interface WebServerOptions {
  api: GuichetApi;
  /** The built renderer (out/web). */
  staticDir: string;
  logger: Logger;
  /** 0 or absent: a free port. */
  port?: number;
  token?: string;
}

export interface WebServer {
  /** http://127.0.0.1:PORT/?t=TOKEN: the address to open. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const logger = options.logger.child('web');
  let port = 0;
  const server = createServer((request, response) => {
    setSecurityHeaders(response);
    handle(request, response).catch((error: unknown) => {
      logger.error('web.request_failed', { error });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Hôte refusé');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/call/')) return handleCall(request, response, url);
    if (url.pathname === '/api/events') {
      if (!tokenMatches(token, url.searchParams.get('token'))) return refuse(response);
      streamProgress(options.api, request, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    await serveStatic(options.staticDir, url.pathname, response);
  }

  async function handleCall(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    if (!tokenMatches(token, request.headers['x-guichet-token'])) return refuse(response);
    const body = await readJson(request);
    const method = url.pathname.slice('/api/call/'.length);
    const args = (body as { args?: unknown } | null)?.args ?? [];
    const outcome =
      body === undefined
        ? { ok: false, error: { code: 'ARGUMENT_INVALIDE', message: 'Requête illisible.' } }
        : await dispatchCall(options.api, method, args, logger);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(outcome));
  }

  port = await listen(server, options.port ?? 0);
  logger.info('web.listening', { port });
  return {
    url: `http://127.0.0.1:${port}/?t=${token}`,
    port,
    token,
    close: () => close(server),
  };
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('cross-origin-opener-policy', 'same-origin');
}

function refuse(response: ServerResponse): void {
  response.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
  response.end(
    JSON.stringify({
      ok: false,
      error: {
        code: 'JETON',
        message: 'Jeton d’accès absent ou incorrect : rouvrez l’adresse affichée par le serveur.',
      },
    }),
  );
}

/** The parsed JSON body; undefined when it is not JSON or too large. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
