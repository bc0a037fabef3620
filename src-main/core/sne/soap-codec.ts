// SOAP 1.2 messages of the unitary services, both ways: blocks of blocs.ts to interfaceNuu XML
// and back, walking the element schema of soap-wire.ts; MTOM (multipart/related XOP) packaging
// built and parsed by hand, binary-safe; anomalies and faults. Pure functions on strings and
// buffers: the client and the simulator do the I/O.
import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Anomalie, Bloc, BlocContenu, Fichier, ReponseUnitaire } from './blocs.ts';
import {
  CERFA_CHAMPS,
  CERTIFICAT_CONTENT_ID,
  CERTIFICAT_CONTENT_TYPE,
  ELEMENT as E,
  NS,
  ROOT_CONTENT_ID,
  TYPE_FICHIER_COPIE,
  VERSION_INTERFACE,
  operationParAction,
  operationParRequete,
  soapAction,
} from './soap-wire.ts';
import type { Champ, Noeud, Operation } from './soap-wire.ts';

export type Emballage = 'mtom' | 'plain';

/** A message ready for the wire: its Content-Type header and its body. */
export interface MessageSoap {
  contentType: string;
  body: Buffer;
}

export interface FaultSoap {
  kind: 'fault';
  code: string; // Receiver, Sender
  subcode: string | null; // TROP_APPELS_PARALLELES
  reason: string;
}

/** A message that does not follow the contract (bad XML, missing element, bad MIME). */
export class SoapCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoapCodecError';
  }
}

// ---- Rendering ------------------------------------------------------------------------------

interface Piece {
  contentId: string;
  contentType: string;
  octets: Uint8Array;
}

/** Collects attachments while rendering; null when files travel inline (plain SOAP). */
type Pieces = Piece[] | null;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A raw CR reaches the reader as LF (XML end-of-line handling): only a reference keeps it.
  '\r': '&#13;',
};
const escapeXml = (s: string): string => s.replace(/[&<>"\r]/g, (ch) => XML_ESCAPES[ch] ?? ch);

function renderNoeud(noeud: Noeud, nom: string, value: unknown, pieces: Pieces): string {
  const tag = `nuu:${nom}`;
  switch (noeud.t) {
    case 'texte':
      return `<${tag}>${escapeXml(value as string)}</${tag}>`;
    case 'nombre':
      return `<${tag}>${String(value)}</${tag}>`;
    case 'booleen':
      return `<${tag}>${value ? 'true' : 'false'}</${tag}>`;
    case 'code':
      return `<${tag} code="${escapeXml(value as string)}"/>`;
    case 'fichier':
      return renderFichier(tag, value as Fichier, pieces);
    case 'objet':
      return `<${tag}>${renderChamps(noeud.champs, value as Record<string, unknown>, pieces)}</${tag}>`;
    case 'liste': {
      let inner = '';
      for (const item of value as unknown[])
        inner += renderNoeud(noeud.noeud, noeud.item, item, pieces);
      return `<${tag}>${inner}</${tag}>`;
    }
  }
}

function renderChamps(
  champs: readonly Champ[],
  value: Record<string, unknown>,
  pieces: Pieces,
): string {
  let out = '';
  for (const champ of champs) {
    const v = value[champ.nom];
    if (v === null || v === undefined) {
      if (champ.nullable) continue;
      throw new SoapCodecError(`élément obligatoire absent : ${champ.nom}`);
    }
    out += renderNoeud(champ.noeud, champ.nom, v, pieces);
  }
  return out;
}

function renderFichier(tag: string, f: Fichier, pieces: Pieces): string {
  const type = `ws:${E.contentType}="${escapeXml(f.contentType)}"`;
  if (pieces === null) {
    return `<${tag} ${type}>${Buffer.from(f.octets).toString('base64')}</${tag}>`;
  }
  const contentId = `piece${pieces.length + 1}`;
  pieces.push({ contentId, contentType: f.contentType, octets: f.octets });
  // The SNE wants xop:Include on its parent's line: no whitespace around it.
  return `<${tag} ${type}><xop:Include xmlns:xop="${NS.xop}" href="cid:${contentId}"/></${tag}>`;
}

function envelope(body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${NS.soap}"><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

function interfaceNuu(op: Operation, demandeLogement: string, dateFichier: string): string {
  return (
    `<ws:${op.reponse} xmlns:ws="${NS.ws}">` +
    `<nuu:${E.interfaceNuu} xmlns:nuu="${NS.nuu}" ${E.versionInterface}="${VERSION_INTERFACE}">` +
    `<nuu:${E.entete}><nuu:${E.typeFichier} code="${TYPE_FICHIER_COPIE}"/>` +
    `<nuu:${E.dateFichier}>${escapeXml(dateFichier)}</nuu:${E.dateFichier}></nuu:${E.entete}>` +
    `<nuu:${E.demande}><nuu:${E.demandeLogement}>${demandeLogement}</nuu:${E.demandeLogement}>` +
    `</nuu:${E.demande}></nuu:${E.interfaceNuu}></ws:${op.reponse}>`
  );
}

function numUniqueXml(numUnique: string): string {
  return `<nuu:${E.numUnique}>${escapeXml(numUnique)}</nuu:${E.numUnique}>`;
}

/** The answer carrying one block. */
export function renderReponseBloc<B extends Bloc>(
  op: Operation,
  numUnique: string,
  contenu: BlocContenu[B],
  options: { emballage: Emballage; dateFichier: string },
): MessageSoap {
  const pieces: Pieces = options.emballage === 'mtom' ? [] : null;
  let inner: string;
  if (op.champ === null) {
    inner = renderChamps(CERFA_CHAMPS, contenu as unknown as Record<string, unknown>, pieces);
  } else {
    inner = numUniqueXml(numUnique);
    if (contenu !== null) inner += renderNoeud(op.champ.noeud, op.champ.nom, contenu, pieces);
  }
  return pack(envelope(interfaceNuu(op, inner, options.dateFichier)), pieces, null);
}

/** The answer carrying business anomalies (HTTP 200). */
export function renderReponseAnomalies(
  op: Operation,
  numUnique: string,
  anomalies: readonly Anomalie[],
  options: { emballage: Emballage; dateFichier: string },
): MessageSoap {
  let liste = '';
  for (const a of anomalies) {
    liste +=
      `<nuu:${E.anomalie} code="${escapeXml(a.code)}">` +
      `<nuu:${E.libelle}>${escapeXml(a.libelle)}</nuu:${E.libelle}></nuu:${E.anomalie}>`;
  }
  const inner =
    numUniqueXml(numUnique) + `<nuu:${E.listeAnomalie}>${liste}</nuu:${E.listeAnomalie}>`;
  const pieces: Pieces = options.emballage === 'mtom' ? [] : null;
  return pack(envelope(interfaceNuu(op, inner, options.dateFichier)), pieces, null);
}

/** A SOAP 1.2 fault; the subcode lives in the ws namespace (ws:TROP_APPELS_PARALLELES). */
export function renderFault(
  fault: { code: string; subcode: string | null; reason: string },
  emballage: Emballage,
): MessageSoap {
  const subcode =
    fault.subcode === null
      ? ''
      : `<soap:Subcode><soap:Value xmlns:ws="${NS.ws}">ws:${escapeXml(fault.subcode)}</soap:Value></soap:Subcode>`;
  const body =
    `<soap:Fault><soap:Code><soap:Value>soap:${escapeXml(fault.code)}</soap:Value>${subcode}</soap:Code>` +
    `<soap:Reason><soap:Text xml:lang="fr">${escapeXml(fault.reason)}</soap:Text></soap:Reason></soap:Fault>`;
  return pack(envelope(body), emballage === 'mtom' ? [] : null, null);
}

/** A request as the SNE expects it: numUnique, nomCertificat and an empty certificat part. */
export function renderRequete(
  op: Operation,
  numUnique: string,
  nomCertificat: string,
  emballage: Emballage,
): MessageSoap {
  const certificat =
    emballage === 'mtom'
      ? `<xop:Include href="cid:${CERTIFICAT_CONTENT_ID}" xmlns:xop="${NS.xop}"/>`
      : '';
  const body =
    `<ws:${op.requete}><${E.numUnique}>${escapeXml(numUnique)}</${E.numUnique}>` +
    `<${E.nomCertificat}>${escapeXml(nomCertificat)}</${E.nomCertificat}>` +
    `<${E.certificat} ws:${E.contentType}="${CERTIFICAT_CONTENT_TYPE}">${certificat}</${E.certificat}>` +
    `</ws:${op.requete}>`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${NS.soap}" xmlns:ws="${NS.ws}"><soap:Header/>` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`;
  const pieces: Pieces =
    emballage === 'mtom'
      ? [
          {
            contentId: CERTIFICAT_CONTENT_ID,
            contentType: 'application/octet-stream',
            octets: new Uint8Array(0),
          },
        ]
      : null;
  return pack(xml, pieces, soapAction(op));
}

// ---- MTOM packaging -------------------------------------------------------------------------

const CRLF = '\r\n';

function pack(xml: string, pieces: Pieces, action: string | null): MessageSoap {
  const actionParam = action === null ? '' : `; action="${action}"`;
  if (pieces === null) {
    return {
      contentType: `application/soap+xml; charset=UTF-8${actionParam}`,
      body: Buffer.from(xml, 'utf8'),
    };
  }
  const boundary = `uuid:${randomUUID()}`;
  const chunks: Buffer[] = [
    Buffer.from(
      `--${boundary}${CRLF}` +
        `Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"${CRLF}` +
        `Content-Transfer-Encoding: 8bit${CRLF}Content-ID: <${ROOT_CONTENT_ID}>${CRLF}${CRLF}` +
        xml,
      'utf8',
    ),
  ];
  for (const piece of pieces) {
    chunks.push(
      Buffer.from(
        `${CRLF}--${boundary}${CRLF}Content-Type: ${piece.contentType}${CRLF}` +
          `Content-Transfer-Encoding: binary${CRLF}Content-ID: <${piece.contentId}>${CRLF}${CRLF}`,
        'utf8',
      ),
      Buffer.from(piece.octets.buffer, piece.octets.byteOffset, piece.octets.byteLength),
    );
  }
  chunks.push(Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8'));
  return {
    contentType:
      `multipart/related; type="application/xop+xml"; start="<${ROOT_CONTENT_ID}>"; ` +
      `start-info="application/soap+xml"; boundary="${boundary}"${actionParam}`,
    body: Buffer.concat(chunks),
  };
}

/** Media type and parameters of a Content-Type header (quoted values unquoted). */
export function parseContentType(header: string): { type: string; params: Map<string, string> } {
  const semi = header.indexOf(';');
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  const params = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of header.matchAll(re)) {
    const raw = (m[2] ?? '').trim();
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    params.set((m[1] ?? '').toLowerCase(), value);
  }
  return { type, params };
}

interface Unpacked {
  xml: string;
  parts: Map<string, Buffer>;
  emballage: Emballage;
  action: string | null;
}

/** Splits a multipart/related XOP message (or passes a plain SOAP one through). */
export function unpack(contentType: string, body: Buffer): Unpacked {
  const { type, params } = parseContentType(contentType);
  const action = params.get('action') ?? null;
  if (type !== 'multipart/related') {
    return { xml: body.toString('utf8'), parts: new Map(), emballage: 'plain', action };
  }
  const boundary = params.get('boundary');
  if (!boundary) throw new SoapCodecError('multipart sans boundary');
  const parts = splitMultipart(body, boundary);
  const start = params.get('start')?.replace(/^<|>$/g, '');
  const rootId = start ?? parts.keys().next().value;
  const root = rootId === undefined ? undefined : parts.get(rootId);
  if (root === undefined) throw new SoapCodecError('partie racine XOP absente');
  return { xml: root.toString('utf8'), parts, emballage: 'mtom', action };
}

function splitMultipart(body: Buffer, boundary: string): Map<string, Buffer> {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts = new Map<string, Buffer>();
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new SoapCodecError('multipart sans délimiteur');
  for (let index = 0; ; index++) {
    const afterDelim = pos + delimiter.length;
    if (body[afterDelim] === 0x2d && body[afterDelim + 1] === 0x2d) return parts; // "--": end
    const headersEnd = body.indexOf('\r\n\r\n', afterDelim, 'latin1');
    const next = body.indexOf(delimiter, afterDelim);
    if (headersEnd < 0 || next < 0 || headersEnd > next) {
      throw new SoapCodecError('multipart tronqué');
    }
    const headers = body.toString('latin1', afterDelim, headersEnd);
    // The CRLF before the next delimiter belongs to the delimiter (RFC 2046).
    let content = body.subarray(headersEnd + 4, next - 2);
    const id = /content-id:\s*<?([^>\r\n]+)>?/i.exec(headers)?.[1]?.trim() ?? `partie${index}`;
    if (/content-transfer-encoding:\s*base64/i.test(headers)) {
      content = Buffer.from(content.toString('latin1'), 'base64');
    }
    parts.set(id, content);
    pos = next;
  }
}

// ---- Parsing --------------------------------------------------------------------------------

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Numeric character references (&#13;, &#xE9;) are plain XML, and a Java SNE writes them;
  // fast-xml-parser 5 leaves them undecoded unless this is on. It also knows a few HTML names
  // (&nbsp;), which an answer that follows the contract never holds.
  htmlEntities: true,
});

type Xml = Record<string, unknown>;

function parseXml(xml: string): Xml {
  // fast-xml-parser accepts mismatched and missing closing tags; a torn or corrupted answer
  // must never be read as a shorter valid one, so the document is validated first.
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SoapCodecError(`XML invalide : ${valid.err.msg}`);
  try {
    return parser.parse(xml) as Xml;
  } catch (error) {
    throw new SoapCodecError(`XML invalide : ${(error as Error).message}`);
  }
}

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Xml)[name] : undefined;
}

function required(node: unknown, name: string): unknown {
  const value = child(node, name);
  if (value === undefined) throw new SoapCodecError(`élément absent : ${name}`);
  return value;
}

function textOf(node: unknown, name: string): string {
  if (typeof node === 'string') return node;
  const text = child(node, '#text');
  if (typeof text === 'string') return text;
  if (node !== null && typeof node === 'object') return '';
  throw new SoapCodecError(`texte attendu : ${name}`);
}

function codeOf(node: unknown, name: string): string {
  const value = child(node, `@${E.code}`);
  if (typeof value !== 'string') throw new SoapCodecError(`attribut code absent : ${name}`);
  return value;
}

function asArray(node: unknown): unknown[] {
  if (node === undefined || node === '' || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** Resolves `cid:` references against the MTOM parts. */
type Resolver = (href: string) => Buffer | undefined;

function parseNoeud(noeud: Noeud, nom: string, node: unknown, resolve: Resolver): unknown {
  switch (noeud.t) {
    case 'texte':
      return textOf(node, nom);
    case 'nombre': {
      const text = textOf(node, nom).trim();
      const value = Number(text);
      if (text === '' || Number.isNaN(value)) throw new SoapCodecError(`nombre attendu : ${nom}`);
      return value;
    }
    case 'booleen': {
      const text = textOf(node, nom).trim();
      if (text !== 'true' && text !== 'false' && text !== '1' && text !== '0') {
        throw new SoapCodecError(`booléen attendu : ${nom}`);
      }
      return text === 'true' || text === '1';
    }
    case 'code':
      return codeOf(node, nom);
    case 'fichier':
      return parseFichier(node, nom, resolve);
    case 'objet':
      return parseChamps(noeud.champs, node, resolve);
    case 'liste':
      return asArray(child(node, noeud.item)).map((item) =>
        parseNoeud(noeud.noeud, noeud.item, item, resolve),
      );
  }
}

function parseChamps(champs: readonly Champ[], node: unknown, resolve: Resolver): Xml {
  const out: Xml = {};
  for (const champ of champs) {
    const value = child(node, champ.nom);
    if (value === undefined) {
      if (!champ.nullable) throw new SoapCodecError(`élément absent : ${champ.nom}`);
      out[champ.nom] = null;
    } else {
      out[champ.nom] = parseNoeud(champ.noeud, champ.nom, value, resolve);
    }
  }
  return out;
}

function parseFichier(node: unknown, nom: string, resolve: Resolver): Fichier {
  const declared = child(node, `@${E.contentType}`);
  const include = child(node, E.include);
  if (include !== undefined) {
    const href = child(include, `@${E.href}`);
    if (typeof href !== 'string') throw new SoapCodecError(`xop:Include sans href : ${nom}`);
    const octets = resolve(href);
    if (octets === undefined) throw new SoapCodecError(`pièce XOP absente : ${href}`);
    return {
      contentType: typeof declared === 'string' ? declared : 'application/octet-stream',
      octets,
    };
  }
  const base64 = textOf(node, nom).replace(/\s+/g, '');
  return {
    contentType: typeof declared === 'string' ? declared : 'application/octet-stream',
    octets: Buffer.from(base64, 'base64'),
  };
}

function resolverOf(parts: Map<string, Buffer>): Resolver {
  return (href) => {
    const id = decodeURIComponent(href.replace(/^cid:/i, ''));
    return parts.get(id);
  };
}

function bodyOf(doc: Xml): Xml {
  const body = child(required(doc, 'Envelope'), 'Body');
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new SoapCodecError('soap:Body absent');
  }
  return body as Xml;
}

function parseFault(fault: unknown): FaultSoap {
  const code = required(fault, 'Code');
  const stripPrefix = (v: string): string => v.slice(v.indexOf(':') + 1).trim();
  const subcodeValue = child(child(code, 'Subcode'), 'Value');
  const reason = child(required(fault, 'Reason'), 'Text');
  const first = Array.isArray(reason) ? (reason[0] as unknown) : reason;
  return {
    kind: 'fault',
    code: stripPrefix(textOf(required(code, 'Value'), 'Value')),
    subcode: subcodeValue === undefined ? null : stripPrefix(textOf(subcodeValue, 'Value')),
    reason: first === undefined ? '' : textOf(first, 'Text').trim(),
  };
}

/**
 * One answer of an unitary operation: the block, the anomalies or the fault. Throws
 * SoapCodecError when the message does not follow the contract.
 */
export function parseReponse<B extends Bloc>(
  op: Operation<B>,
  contentType: string,
  body: Buffer,
): ReponseUnitaire<B> | FaultSoap {
  const { xml, parts } = unpack(contentType, body);
  const soapBody = bodyOf(parseXml(xml));
  const fault = child(soapBody, E.fault);
  if (fault !== undefined) return parseFault(fault);

  const nuu = required(required(soapBody, op.reponse), E.interfaceNuu);
  const dateFichier = textOf(required(required(nuu, E.entete), E.dateFichier), E.dateFichier);
  const dl = required(required(nuu, E.demande), E.demandeLogement);
  const numUnique = textOf(required(dl, E.numUnique), E.numUnique);

  const listeAnomalie = child(dl, E.listeAnomalie);
  if (listeAnomalie !== undefined) {
    const anomalies = asArray(child(listeAnomalie, E.anomalie)).map((a) => ({
      code: codeOf(a, E.anomalie),
      libelle: textOf(required(a, E.libelle), E.libelle),
    }));
    return { kind: 'anomalies', numUnique, dateFichier, anomalies };
  }

  const resolve = resolverOf(parts);
  let contenu: unknown;
  if (op.champ === null) {
    contenu = parseChamps(CERFA_CHAMPS, dl, resolve);
  } else {
    const node = child(dl, op.champ.nom);
    if (node === undefined && !op.champ.nullable && op.champ.noeud.t !== 'liste') {
      throw new SoapCodecError(`élément absent : ${op.champ.nom}`);
    }
    // An absent list is an empty one; an absent nullable block is null.
    contenu =
      node === undefined && op.champ.noeud.t !== 'liste'
        ? null
        : parseNoeud(op.champ.noeud, op.champ.nom, node, resolve);
  }
  return { kind: 'bloc', numUnique, dateFichier, contenu: contenu as BlocContenu[B] };
}

/** The simulator's side: which operation and number a request asks for, and in which form. */
export function parseRequete(
  contentType: string,
  body: Buffer,
): { op: Operation; numUnique: string; emballage: Emballage } {
  const { xml, emballage, action } = unpack(contentType, body);
  const soapBody = bodyOf(parseXml(xml));
  const wrapper = Object.keys(soapBody).find((k) => !k.startsWith('#') && !k.startsWith('@'));
  const op =
    (wrapper === undefined ? undefined : operationParRequete(wrapper)) ??
    (action === null ? undefined : operationParAction(action));
  if (op === undefined) throw new SoapCodecError(`opération inconnue : ${wrapper ?? '?'}`);
  const numUnique = textOf(required(soapBody[op.requete], E.numUnique), E.numUnique).trim();
  return { op, numUnique, emballage };
}
