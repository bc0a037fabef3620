// The client of the SNE unitary services that the sync engine uses: the lean SOAP layer
// (soap-codec.ts over node:https) with one keep-alive agent limited to 4 sockets, so that the
// engine's 4 slots mean at most 4 connections and 4 TLS handshakes for a whole run.
//
// Why not the `soap` package: test/bench/soap-client.bench.ts measures both side by side (one
// run on the 2-core dev machine: 0.79 ms of client CPU per response here, 1.71 ms through the
// package with keep-alive, 4.97 ms with its defaults; the target is 1 ms). The
// package parses every answer through its WSDL-driven sax pipeline and then still needs a walk
// over the schema to reach blocs.ts shapes; it also packages its MTOM requests with
// start-info="text/xml" and cannot carry the XOP `certificat` part the contract shows. It stays
// in soap-package-client.ts as the engine benchmark's baseline.
//
// A timed-out or aborted call destroys its socket and waits for it to close before rejecting:
// the engine frees a slot on rejection, and the SNE counts a call in flight until its connection
// is gone.
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { GuichetError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import type { Bloc, ReponseUnitaire } from './blocs.ts';
import { SoapCodecError, parseReponse, renderRequete } from './soap-codec.ts';
import type { Emballage, FaultSoap } from './soap-codec.ts';
import { ENDPOINT_PATH, FAULT, OPERATIONS, nomCertificat } from './soap-wire.ts';
import type { Operation } from './soap-wire.ts';
import { checkCertificateOpens, classifyTransportError } from './tls.ts';
import type { ClientCertificate } from './tls.ts';

export interface UnitaireClientOptions {
  /** https://host:port, the SNE root. */
  baseUrl: string;
  cert: ClientCertificate;
  guichet: string;
  /** Sockets kept to the SNE: 4, the SNE's limit of parallel calls. */
  maxSockets?: number;
  /** Per call; default 60 s. */
  timeoutMs?: number;
  logger?: Logger;
  /** Request packaging: MTOM (the SNE's) by default; the answer comes in the same form. */
  emballage?: Emballage;
}

export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ConnectionStats {
  socketsCreated: number;
  tlsHandshakes: number;
  /** Sockets not yet closed: a timed-out call has already removed its own when it rejects. */
  socketsOpen: number;
}

export interface UnitaireClient {
  fetchBloc<B extends Bloc>(
    bloc: B,
    numUnique: string,
    options?: FetchOptions,
  ): Promise<ReponseUnitaire<B>>;
  connectionStats(): ConnectionStats;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

interface RawAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export function createUnitaireClient(options: UnitaireClientOptions): UnitaireClient {
  checkCertificateOpens(options.cert);
  const logger = (options.logger ?? silentLogger).child('soap');
  const stats: ConnectionStats = { socketsCreated: 0, tlsHandshakes: 0, socketsOpen: 0 };
  const agent = createCountingAgent(options, stats, true);
  const url = new URL(ENDPOINT_PATH, options.baseUrl);
  const emballage = options.emballage ?? 'mtom';
  const probe = (): Promise<boolean> => probeRefusal(url, options.cert);

  return {
    async fetchBloc<B extends Bloc>(bloc: B, numUnique: string, call: FetchOptions = {}) {
      const op = OPERATIONS[bloc];
      const started = Date.now();
      const message = renderRequete(
        op,
        numUnique,
        nomCertificat(options.guichet, new Date()),
        emballage,
      );
      const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const raw = await post(agent, url, message, timeoutMs, call.signal, probe);
      const reponse = interpret(op as Operation<B>, numUnique, raw);
      logger.debug('unitary call', {
        operation: op.nom,
        status: raw.status,
        kind: reponse.kind,
        durationMs: Date.now() - started,
      });
      return reponse;
    },
    connectionStats: () => ({ ...stats }),
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/**
 * The HTTPS agent of a client, counting the sockets it opens and the TLS handshakes they
 * complete. With keepAlive, at most maxSockets (4) connections live for the whole run.
 */
export function createCountingAgent(
  options: UnitaireClientOptions,
  stats: ConnectionStats,
  keepAlive: boolean,
): Agent {
  const maxSockets = options.maxSockets ?? 4;
  const agent = new Agent({
    keepAlive,
    ...(keepAlive ? { maxSockets, maxFreeSockets: maxSockets } : {}),
    // FIFO reuse keeps every socket busy, so none idles long enough for the server to close it.
    scheduling: 'fifo',
    pfx: options.cert.pfx,
    passphrase: options.cert.passphrase,
    ...(options.cert.ca === undefined ? {} : { ca: options.cert.ca }),
  });
  const create = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket;
  // createConnection is public API of http.Agent but missing from its typings on https.Agent.
  (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection = (
    ...args: unknown[]
  ) => {
    const socket = create(...args) as TLSSocket;
    stats.socketsCreated += 1;
    stats.socketsOpen += 1;
    socket.once('close', () => {
      stats.socketsOpen -= 1;
    });
    socket.once('secureConnect', () => {
      stats.tlsHandshakes += 1;
    });
    return socket;
  };
  return agent;
}

const socketUses = new WeakMap<Socket, number>();

function post(
  agent: Agent,
  url: URL,
  message: { contentType: string; body: Buffer },
  timeoutMs: number,
  signal: AbortSignal | undefined,
  probe?: () => Promise<boolean>,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Already aborted: no request at all. Destroying one before it has a socket would emit an
    // 'error' with no listener yet, which crashed the process.
    if (signal?.aborted) {
      reject(abortedError(signal.reason));
      return;
    }
    let settled = false;
    const req = request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': message.contentType,
        'content-length': message.body.length,
        accept: 'multipart/related, application/soap+xml',
      },
    });

    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (error: GuichetError): void => {
      if (finish()) reject(error);
    };
    // Give up on the call: destroy its socket, and reject only once the socket is closed.
    const giveUp = (error: GuichetError): void => {
      if (!finish()) return;
      const socket = req.socket;
      if (socket === null || socket.destroyed) {
        req.destroy();
        reject(error);
        return;
      }
      socket.once('close', () => reject(error));
      req.destroy();
      socket.destroy();
    };
    const onAbort = (): void => giveUp(abortedError(signal?.reason));
    const timer = setTimeout(() => giveUp(timeoutError(timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    let uses = 0;
    req.once('socket', (socket: Socket) => {
      uses = (socketUses.get(socket) ?? 0) + 1;
      socketUses.set(socket, uses);
    });
    // `on`, not `once`: a destroyed request may report more than one error, and an 'error'
    // without a listener would crash the process; the call is settled by the first one.
    req.on('error', (error) => {
      const classified = transportError(error, false);
      // A server that refuses the certificate after a TLS 1.3 handshake may just close the
      // socket, which looks like a reset: on a fresh socket, a probe tells the two apart.
      if (classified.details.fault !== 'RESET' || uses > 1 || probe === undefined) {
        fail(classified);
        return;
      }
      // The socket is already gone: the call is over, only its diagnosis remains.
      if (!finish()) return;
      probe().then(
        (refused) => reject(refused ? tlsRefusal(error) : classified),
        () => reject(classified),
      );
    });
    req.once('response', (res) => {
      readAnswer(res).then(
        (body) => {
          if (finish()) {
            resolve({
              status: res.statusCode ?? 0,
              contentType: res.headers['content-type'] ?? '',
              body,
            });
          }
        },
        (error: unknown) => fail(transportError(error, true)),
      );
    });
    req.end(message.body);
  });
}

function readAnswer(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('end', () => {
      // A body cut by the server ends early only when the connection closed mid-message.
      if (!res.complete) reject(Object.assign(new Error('torn body'), { code: 'TORN' }));
      else resolve(Buffer.concat(chunks));
    });
    res.once('error', reject);
    res.once('aborted', () => reject(Object.assign(new Error('torn body'), { code: 'TORN' })));
  });
}

/** How long a fresh, idle TLS connection must survive to prove the certificate was accepted. */
const PROBE_GRACE_MS = 1_000;

/**
 * Opens a bare TLS connection and sends nothing: a server that accepted the certificate keeps
 * it open, one that refused it closes it at once (or alerts, which is a TLS error too).
 */
function probeRefusal(url: URL, cert: ClientCertificate): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname,
      pfx: cert.pfx,
      passphrase: cert.passphrase,
      ...(cert.ca === undefined ? {} : { ca: cert.ca }),
    });
    let timer: NodeJS.Timeout | undefined;
    const done = (refused: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(refused);
    };
    socket.once('secureConnect', () => {
      timer = setTimeout(() => done(false), PROBE_GRACE_MS);
    });
    socket.once('error', (error) => done(classifyTransportError(error).code === 'TLS_REFUS'));
    socket.once('close', () => done(true));
  });
}

function tlsRefusal(cause: unknown): GuichetError {
  return new GuichetError(
    'TLS_REFUS',
    'Le SNE a refusé le certificat du guichet : vérifiez qu’il est valide, non expiré et délivré pour cet environnement.',
    { transient: false, cause: 'certificat refusé' },
    { cause },
  );
}

// ---- Error classification ---------------------------------------------------------------------

export function transportError(error: unknown, bodyStarted: boolean): GuichetError {
  const classified = classifyTransportError(error);
  if (classified.code !== 'SNE_INJOIGNABLE') return classified; // TLS, certificate: fatal
  const code = (error as { code?: string } | null)?.code ?? '';
  if (bodyStarted) {
    return new GuichetError(
      'SNE_REPONSE_INVALIDE',
      'La réponse du SNE a été interrompue en cours de transfert. Rien n’a été enregistré ; elle sera redemandée.',
      { transient: true, fault: 'TORN', cause: code || 'aborted' },
      { cause: error },
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(String(error))) {
    return new GuichetError(
      'SNE_ERREUR',
      'Le SNE a coupé la connexion avant de répondre. L’appel sera refait plus tard.',
      { transient: true, fault: 'RESET', cause: code || 'reset' },
      { cause: error },
    );
  }
  return classified;
}

function timeoutError(timeoutMs: number): GuichetError {
  return new GuichetError(
    'SNE_ERREUR',
    `Le SNE n’a pas répondu en ${(timeoutMs / 1000).toLocaleString('fr-FR')} s. L’appel sera refait plus tard.`,
    { transient: true, fault: 'TIMEOUT', timeoutMs },
  );
}

function abortedError(reason: unknown): GuichetError {
  return new GuichetError(
    'SNE_ERREUR',
    'L’appel au SNE a été interrompu.',
    { transient: true, fault: 'ABANDON' },
    { cause: reason },
  );
}

/** Turns an HTTP answer into the block or anomalies, or throws the matching GuichetError. */
export function interpret<B extends Bloc>(
  op: Operation<B>,
  numUnique: string,
  raw: RawAnswer,
): ReponseUnitaire<B> {
  let parsed: ReponseUnitaire<B> | FaultSoap;
  try {
    parsed = parseReponse(op, raw.contentType, raw.body);
  } catch (error) {
    if (!(error instanceof SoapCodecError)) throw error;
    throw invalidAnswer(raw.status, error.message, error);
  }
  if (parsed.kind === 'fault') throw faultError(parsed, raw.status);
  if (raw.status !== 200) throw invalidAnswer(raw.status, `statut HTTP ${raw.status}`);
  if (parsed.numUnique !== numUnique) {
    throw invalidAnswer(raw.status, 'la réponse porte sur un autre numéro unique');
  }
  return parsed;
}

export function faultError(fault: FaultSoap, status: number): GuichetError {
  const name = fault.subcode ?? fault.code;
  if (fault.subcode === FAULT.tropAppels) {
    return new GuichetError(
      'SNE_ERREUR',
      'Le SNE a refusé un appel : plus de 4 appels simultanés pour ce guichet. L’appel sera refait.',
      { transient: true, fault: name, status },
    );
  }
  return new GuichetError(
    'SNE_ERREUR',
    'Le SNE a signalé une erreur technique passagère. L’appel sera refait plus tard.',
    { transient: true, fault: name, status },
  );
}

export function invalidAnswer(status: number, why: string, cause?: unknown): GuichetError {
  return new GuichetError(
    'SNE_REPONSE_INVALIDE',
    'Le SNE a renvoyé une réponse illisible. Rien n’a été enregistré ; elle sera redemandée.',
    // `why` names the wire problem (element, MIME) and never carries a DLS's content.
    { transient: true, fault: 'MALFORMED', status, why },
    cause === undefined ? undefined : { cause },
  );
}
