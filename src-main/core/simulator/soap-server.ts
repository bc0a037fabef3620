// The simulator's unitary SOAP endpoint (POST /services/DemandeLogementImplService/). It answers
// in the form it was asked (MTOM or plain SOAP 1.2), enforces the SNE's rule of at most 4 calls
// in flight per guichet, injects the faults of the plan after the latency, and reports
// NUM_INCONNU / ACCES_REFUSE as the SNE does. Every call lands in the journal with the number
// of calls of its guichet already in flight when it arrived.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bloc } from '../sne/blocs.ts';
import {
  SoapCodecError,
  parseRequete,
  renderFault,
  renderReponseAnomalies,
  renderReponseBloc,
} from '../sne/soap-codec.ts';
import type { Emballage, MessageSoap } from '../sne/soap-codec.ts';
import { ANOMALIE, FAULT } from '../sne/soap-wire.ts';
import type { Operation } from '../sne/soap-wire.ts';
import type { FaultKind, JournalEntry, SimContext } from './context.ts';

export type SoapHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  guichet: string,
) => Promise<void>;

/** The SNE's rule: a fifth concurrent call of a guichet is refused. */
export const MAX_APPELS_PARALLELES = 4;
const MAX_REQUEST_BYTES = 1024 * 1024;

const LIBELLES: Record<string, string> = {
  [ANOMALIE.numInconnu]: 'Aucune demande ne correspond à ce numéro unique.',
  [ANOMALIE.accesRefuse]:
    'La demande n’a aucune localisation souhaitée sur le territoire de ce guichet.',
};

interface Call {
  guichet: string;
  inFlight: number;
  startedAt: number;
  op?: Operation;
  numUnique?: string;
}

export function createSoapHandler(ctx: SimContext): SoapHandler {
  const inFlight = new Map<string, number>();

  return async (req, res, guichet) => {
    const call: Call = { guichet, inFlight: inFlight.get(guichet) ?? 0, startedAt: Date.now() };
    inFlight.set(guichet, call.inFlight + 1);
    // A call stays in flight until its answer is written in full (send), or until the exchange
    // is cut ('close'). Releasing on 'close' alone would keep an answered call counted for a
    // moment after the client has read it, and its next call could then be seen as a fifth.
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight.set(guichet, (inFlight.get(guichet) ?? 1) - 1);
    };
    releases.set(res, release);
    res.once('close', release);

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    await answer(ctx, call, req, res, body);
  };
}

async function answer(
  ctx: SimContext,
  call: Call,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  let requete: ReturnType<typeof parseRequete>;
  try {
    requete = parseRequete(contentType, body);
  } catch (error) {
    const emballage: Emballage = /multipart\/related/i.test(contentType) ? 'mtom' : 'plain';
    const code = error instanceof SoapCodecError ? 'REQUETE_INVALIDE' : 'ERREUR_INTERNE';
    send(res, 500, faultInattendue(emballage));
    journal(ctx, call, { operation: 'inconnue', status: 500, code });
    return;
  }
  call.op = requete.op;
  call.numUnique = requete.numUnique;

  if (call.inFlight >= MAX_APPELS_PARALLELES) {
    const fault = renderFault(
      { code: FAULT.receiver, subcode: FAULT.tropAppels, reason: FAULT.reasonTropAppels },
      requete.emballage,
    );
    send(res, 503, fault);
    journal(ctx, call, { status: 503, code: FAULT.tropAppels, violations: [FAULT.tropAppels] });
    return;
  }

  await delay(ctx.latency.delayMs(), res);
  if (res.destroyed) {
    journal(ctx, call, { status: 0, code: 'CLIENT_PARTI' });
    return;
  }
  const fault = ctx.faults.pick('SOAP');
  if (fault !== null) {
    injectFault(ctx, call, res, fault, requete.emballage);
    return;
  }
  const message = renderAnswer(ctx, call.guichet, requete.op, requete.numUnique, requete.emballage);
  send(res, 200, message.message);
  journal(ctx, call, { status: 200, ...(message.anomalie ? { code: message.anomalie } : {}) });
}

function renderAnswer(
  ctx: SimContext,
  guichet: string,
  op: Operation,
  numUnique: string,
  emballage: Emballage,
): { message: MessageSoap; anomalie?: string } {
  const dateFichier = isoLocal(ctx.clock.now());
  const dls = ctx.data.dls.get(numUnique);
  let anomalie: string | null = null;
  if (dls === undefined || dls.purgee) {
    anomalie = ANOMALIE.numInconnu;
  } else {
    const territoire = ctx.data.guichets.get(guichet)?.departements ?? [];
    if (!dls.departements.some((d) => territoire.includes(d))) anomalie = ANOMALIE.accesRefuse;
  }
  if (anomalie !== null || dls === undefined) {
    const code = anomalie ?? ANOMALIE.numInconnu;
    const anomalies = [{ code, libelle: LIBELLES[code] ?? code }];
    return {
      message: renderReponseAnomalies(op, numUnique, anomalies, { emballage, dateFichier }),
      anomalie: code,
    };
  }
  const bloc: Bloc = op.bloc;
  return {
    message: renderReponseBloc(op, numUnique, dls.blocs[bloc], { emballage, dateFichier }),
  };
}

function injectFault(
  ctx: SimContext,
  call: Call,
  res: ServerResponse,
  fault: FaultKind,
  emballage: Emballage,
): void {
  switch (fault) {
    case 'SOAP_RECEIVER':
      send(res, 500, faultInattendue(emballage));
      journal(ctx, call, { status: 500, code: FAULT.receiver, fault });
      return;
    case 'SOAP_503':
      send(res, 503, faultInattendue(emballage));
      journal(ctx, call, { status: 503, code: FAULT.receiver, fault });
      return;
    case 'HUNG':
      // No answer at all; the journal hears of it when the client gives up.
      res.once('close', () => journal(ctx, call, { status: 0, fault }));
      return;
    case 'TORN': {
      const message = faultlessBody(ctx, call, emballage);
      res.writeHead(200, {
        'content-type': message.contentType,
        'content-length': message.body.length,
      });
      res.write(message.body.subarray(0, Math.floor(message.body.length / 2)), () => res.destroy());
      journal(ctx, call, { status: 200, fault });
      return;
    }
    case 'RESET':
      res.destroy();
      journal(ctx, call, { status: 0, fault });
      return;
    case 'MALFORMED_XML': {
      const broken = Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="' +
          'http://www.w3.org/2003/05/soap-envelope"><soap:Body><ws:reponse>&nbsp;</soap:Body>',
      );
      send(res, 200, { contentType: 'application/soap+xml; charset=UTF-8', body: broken });
      journal(ctx, call, { status: 200, fault });
      return;
    }
    default:
      // REST fault kinds never reach this scope; answer normally if a plan hands one out.
      send(res, 200, faultlessBody(ctx, call, emballage));
      journal(ctx, call, { status: 200 });
  }
}

function faultlessBody(ctx: SimContext, call: Call, emballage: Emballage): MessageSoap {
  if (call.op === undefined || call.numUnique === undefined) return faultInattendue(emballage);
  return renderAnswer(ctx, call.guichet, call.op, call.numUnique, emballage).message;
}

function faultInattendue(emballage: Emballage): MessageSoap {
  return renderFault(
    { code: FAULT.receiver, subcode: null, reason: FAULT.reasonInattendue },
    emballage,
  );
}

/** Per answer, the function that takes its call out of the in-flight count. */
const releases = new WeakMap<ServerResponse, () => void>();

function send(res: ServerResponse, status: number, message: MessageSoap): void {
  if (res.destroyed) return;
  releases.get(res)?.();
  res.writeHead(status, {
    'content-type': message.contentType,
    'content-length': message.body.length,
  });
  res.end(message.body);
}

function journal(
  ctx: SimContext,
  call: Call,
  entry: Partial<Omit<JournalEntry, 'at' | 'kind' | 'guichet'>> & { status: number },
): void {
  ctx.journal.record({
    guichet: call.guichet,
    kind: 'SOAP',
    operation: call.op?.nom ?? 'inconnue',
    ...(call.numUnique === undefined ? {} : { numUnique: call.numUnique }),
    inFlight: call.inFlight,
    violations: [],
    durationMs: Date.now() - call.startedAt,
    ...entry,
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error('request too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
}

/** Waits for the latency, or less if the client goes away meanwhile. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

/** An ISO date-time with the server's local offset, as the SNE writes dateFichier. */
function isoLocal(d: Date): string {
  const offsetMin = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 23);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
