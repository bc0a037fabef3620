// The simulator's HTTPS server: mutual TLS with the simulator CA as the only trust anchor, so
// that a client without a certificate, with an expired one or with one from another CA is
// refused during the handshake and never reaches HTTP. The guichet is the certificate's CN.
// It counts TCP connections and TLS handshakes for the journal, and routes each request to
// REST, SOAP or the journal endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../logger.ts';
import type { SimJournal } from './journal.ts';
import type { SimPki } from './pki.ts';
import { REST_PREFIX, type RestHandler } from './rest-server.ts';
import type { SoapHandler } from './soap-server.ts';

export const SOAP_PATH = '/services/DemandeLogementImplService/';
export const JOURNAL_PATH = '/_sim/journal';

export interface SimServerParts {
  pki: SimPki;
  journal: SimJournal;
  rest: RestHandler;
  soap: SoapHandler;
  /** Runs before each request: brings the simulated SNE up to the server's now. */
  beforeRequest: () => void;
  logger: Logger;
}

export interface SimServer {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createSimServer(parts: SimServerParts): SimServer {
  const sockets = new Set<Socket>();
  const server = createServer(
    {
      key: parts.pki.serverKeyPem,
      cert: parts.pki.serverCertPem,
      ca: parts.pki.caPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      route(parts, req, res).catch((error: unknown) => failed(parts.logger, res, error));
    },
  );
  countTls(server, parts, sockets);
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        // Hung responses (a fault) keep sockets open forever: close must not wait on them.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function countTls(server: Server, parts: SimServerParts, sockets: Set<Socket>): void {
  const tls = parts.journal.tls;
  server.on('connection', (socket: Socket) => {
    tls.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', () => {
    tls.handshakes += 1;
  });
  server.on('tlsClientError', (error: Error & { code?: string }) => {
    tls.refused += 1;
    parts.logger.info('tls handshake refused', { reason: error.code ?? error.message });
  });
}

async function route(
  parts: SimServerParts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const guichet = guichetOf(req);
  const url = new URL(req.url ?? '/', 'https://simulateur.invalid');
  parts.beforeRequest();
  if (url.pathname === JOURNAL_PATH && req.method === 'GET') {
    req.resume();
    const last = url.searchParams.get('dernieres');
    sendJson(res, 200, parts.journal.snapshot(last === null ? {} : { last: Number(last) }));
    return;
  }
  if (url.pathname === SOAP_PATH || url.pathname === SOAP_PATH.slice(0, -1)) {
    await parts.soap(req, res, guichet);
    return;
  }
  if (url.pathname.startsWith(`${REST_PREFIX}/`)) {
    await parts.rest(req, res, guichet, url);
    return;
  }
  req.resume();
  sendJson(res, 404, {
    code: 'RESSOURCE_INCONNUE',
    message: `Aucun service à l’adresse ${url.pathname}.`,
  });
}

/** The guichet code: the client certificate's subject CN (the handshake already checked it). */
function guichetOf(req: IncomingMessage): string {
  const cert = (req.socket as TLSSocket).getPeerCertificate();
  const cn = cert.subject?.CN;
  return (Array.isArray(cn) ? cn[0] : cn) ?? '';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function failed(logger: Logger, res: ServerResponse, error: unknown): void {
  logger.error('simulator request failed', { error });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, { code: 'ERREUR_INTERNE', message: 'Erreur interne du simulateur.' });
}
