// The unitary services through the `soap` package, built from the WSDL shipped in resources/
// (never downloaded). It is the baseline the engine benchmark compares with, and the contract
// tests' independent client; the engine itself uses unitaire-client.ts (figures in
// test/bench/soap-client.bench.ts).
//
// The package parses answers into its own generic shape (`attributes`, `$value`, `Include`);
// this adapter walks that shape with the wire schema to reach blocs.ts. Attachments are read
// from each call's own result (the fifth value of `<op>Async`), never from the shared
// `lastResponseAttachments`, so concurrent calls on one client cannot mix their files.
//
// Known gaps with the contract, kept because this is a baseline: the package's MTOM requests
// announce start-info="text/xml" instead of application/soap+xml, and the `certificat` XOP part
// is not sent (the package has no way to put an xop:Include in a request element). A timeout
// is axios's: the socket is destroyed, but not necessarily before the promise rejects.
import { fileURLToPath } from 'node:url';
import type { Agent } from 'node:https';
import * as soap from 'soap';
import { GuichetError } from '../errors.ts';
import type { Bloc, BlocContenu, Fichier, ReponseUnitaire } from './blocs.ts';
import type { FaultSoap } from './soap-codec.ts';
import {
  CERFA_CHAMPS,
  ELEMENT as E,
  ENDPOINT_PATH,
  OPERATIONS,
  nomCertificat,
} from './soap-wire.ts';
import type { Champ, Noeud, Operation } from './soap-wire.ts';
import {
  DEFAULT_TIMEOUT_MS,
  createCountingAgent,
  faultError,
  invalidAnswer,
  transportError,
} from './unitaire-client.ts';
import type { ConnectionStats, UnitaireClient, UnitaireClientOptions } from './unitaire-client.ts';

export const WSDL_PATH = fileURLToPath(
  new URL('../../../resources/wsdl/DemandeLogementImplService.wsdl', import.meta.url),
);

export interface SoapPackageClientOptions extends UnitaireClientOptions {
  /** false: the package's defaults, one new connection (and TLS handshake) per call. */
  keepAlive: boolean;
  /** MTOM requests (forceMTOM) or plain SOAP 1.2; answers are read in both forms. */
  mtom?: boolean;
}

type SoapMethod = (
  args: unknown,
  options: Record<string, unknown>,
) => Promise<[unknown, string, unknown, string, MtomAttachments | undefined]>;

interface MtomAttachments {
  parts: { headers: Record<string, string>; body: Buffer }[];
}

export function createSoapPackageClient(options: SoapPackageClientOptions): UnitaireClient {
  const stats: ConnectionStats = { socketsCreated: 0, tlsHandshakes: 0, socketsOpen: 0 };
  const agent = createCountingAgent(options, stats, options.keepAlive);
  const endpoint = new URL(ENDPOINT_PATH, options.baseUrl).href;
  // One package client serves every call: built once, lazily, from the shipped WSDL.
  let client: Promise<soap.Client> | undefined;
  const soapClient = (): Promise<soap.Client> =>
    (client ??= soap.createClientAsync(WSDL_PATH, {
      forceSoap12Headers: true,
      parseResponseAttachments: true,
      disableCache: true,
    }));

  return {
    async fetchBloc<B extends Bloc>(bloc: B, numUnique: string, call = {}) {
      const op = OPERATIONS[bloc] as Operation<B>;
      const c = await soapClient();
      const method = (c as unknown as Record<string, SoapMethod>)[`${op.nom}Async`];
      if (method === undefined) throw new Error(`WSDL sans opération ${op.nom}`);
      const args = { numUnique, nomCertificat: nomCertificat(options.guichet, new Date()) };
      let answer: Awaited<ReturnType<SoapMethod>>;
      try {
        answer = await method.call(c, args, callOptions(agent, endpoint, options, call));
      } catch (error) {
        throw soapPackageError(error);
      }
      return fromSoapResult(op, numUnique, answer[0], answer[4]);
    },
    connectionStats: () => ({ ...stats }),
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

function callOptions(
  agent: Agent,
  endpoint: string,
  options: SoapPackageClientOptions,
  call: { signal?: AbortSignal; timeoutMs?: number },
): Record<string, unknown> {
  // The package merges these into its axios request: the agent carries the mTLS identity.
  return {
    httpsAgent: agent,
    url: endpoint,
    forceMTOM: options.mtom ?? true,
    timeout: call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(call.signal === undefined ? {} : { signal: call.signal }),
  };
}

function soapPackageError(error: unknown): GuichetError {
  const e = error as {
    root?: { Envelope?: { Body?: { Fault?: unknown } } };
    response?: { status?: number };
    code?: string;
  };
  const fault = e.root?.Envelope?.Body?.Fault;
  const status = e.response?.status ?? 0;
  if (fault !== undefined) return faultError(faultOf(fault), status);
  if (e.code === 'ECONNABORTED') {
    return new GuichetError(
      'SNE_ERREUR',
      'Le SNE n’a pas répondu à temps. L’appel sera refait plus tard.',
      { transient: true, fault: 'TIMEOUT' },
      { cause: error },
    );
  }
  // axios names an abort through the signal ERR_CANCELED: the caller gave up, no timeout.
  if (e.code === 'ERR_CANCELED') {
    return new GuichetError(
      'SNE_ERREUR',
      'L’appel au SNE a été interrompu.',
      { transient: true, fault: 'ABANDON' },
      { cause: error },
    );
  }
  // A body cut by the server: axios reports the aborted response stream this way.
  if (e.code === 'ERR_BAD_RESPONSE' && /aborted/i.test(String(error))) {
    return transportError(error, true);
  }
  if (e.response !== undefined || e.code === undefined) {
    return invalidAnswer(
      status,
      error instanceof Error ? error.message : 'réponse illisible',
      error,
    );
  }
  return transportError(error, false);
}

// ---- The package's generic shape to blocs.ts ---------------------------------------------------

type Obj = Record<string, unknown>;

function field(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Obj)[name] : undefined;
}

function attribute(node: unknown, name: string): unknown {
  const attributes = field(node, 'attributes') as Obj | undefined;
  if (attributes === undefined) return undefined;
  // The package keeps prefixes on foreign-namespace attributes (`ws:contentType`).
  const key = Object.keys(attributes).find((k) => k === name || k.endsWith(`:${name}`));
  return key === undefined ? undefined : attributes[key];
}

function scalar(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
    return String(node);
  }
  const value = field(node, '$value');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (node !== null && typeof node === 'object') return '';
  throw new GuichetError('SNE_REPONSE_INVALIDE', 'valeur attendue', { transient: true });
}

function fromNoeud(noeud: Noeud, node: unknown, files: MtomAttachments | undefined): unknown {
  switch (noeud.t) {
    case 'texte':
      return scalar(node);
    case 'nombre':
      return Number(scalar(node));
    case 'booleen':
      return node === true || scalar(node) === 'true' || scalar(node) === '1';
    case 'code':
      return attribute(node, E.code);
    case 'fichier':
      return fichierOf(node, files);
    case 'objet':
      return fromChamps(noeud.champs, node, files);
    case 'liste': {
      const items = field(node, noeud.item);
      const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
      return list.map((item) => fromNoeud(noeud.noeud, item, files));
    }
  }
}

function fromChamps(
  champs: readonly Champ[],
  node: unknown,
  files: MtomAttachments | undefined,
): Obj {
  const out: Obj = {};
  for (const champ of champs) {
    const value = field(node, champ.nom);
    out[champ.nom] =
      value === undefined
        ? champ.noeud.t === 'liste'
          ? []
          : null
        : fromNoeud(champ.noeud, value, files);
  }
  return out;
}

function fichierOf(node: unknown, files: MtomAttachments | undefined): Fichier {
  const declared = attribute(node, E.contentType);
  const contentType = typeof declared === 'string' ? declared : 'application/octet-stream';
  const href = attribute(field(node, E.include), E.href);
  if (typeof href === 'string') {
    const id = `<${decodeURIComponent(href.replace(/^cid:/i, ''))}>`;
    const part = files?.parts.find((p) => p.headers['content-id'] === id);
    if (part === undefined) throw invalidAnswer(200, `pièce XOP absente : ${href}`);
    return { contentType, octets: part.body };
  }
  return { contentType, octets: Buffer.from(scalar(node), 'base64') };
}

function faultOf(fault: unknown): FaultSoap {
  const strip = (v: string): string => v.slice(v.indexOf(':') + 1);
  const code = field(fault, 'Code');
  const subcode = field(field(code, 'Subcode'), 'Value');
  return {
    kind: 'fault',
    code: strip(scalar(field(code, 'Value'))),
    subcode: subcode === undefined ? null : strip(scalar(subcode)),
    reason: scalar(field(field(fault, 'Reason'), 'Text')),
  };
}

function fromSoapResult<B extends Bloc>(
  op: Operation<B>,
  numUnique: string,
  result: unknown,
  files: MtomAttachments | undefined,
): ReponseUnitaire<B> {
  const nuu = field(result, E.interfaceNuu);
  const dl = field(field(nuu, E.demande), E.demandeLogement);
  if (dl === undefined) throw invalidAnswer(200, 'demandeLogement absent');
  const dateFichier = scalar(field(field(nuu, E.entete), E.dateFichier));
  const num = scalar(field(dl, E.numUnique));
  if (num !== numUnique) throw invalidAnswer(200, 'la réponse porte sur un autre numéro unique');
  const anomalies = field(dl, E.listeAnomalie);
  if (anomalies !== undefined) {
    const list = field(anomalies, E.anomalie);
    return {
      kind: 'anomalies',
      numUnique,
      dateFichier,
      anomalies: (Array.isArray(list) ? list : [list]).map((a) => ({
        code: String(attribute(a, E.code)),
        libelle: scalar(field(a, E.libelle)),
      })),
    };
  }
  let contenu: unknown;
  if (op.champ === null) contenu = fromChamps(CERFA_CHAMPS, dl, files);
  else contenu = fromChamps([op.champ], dl, files)[op.champ.nom];
  return { kind: 'bloc', numUnique, dateFichier, contenu: contenu as BlocContenu[B] };
}
