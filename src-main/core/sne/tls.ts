// The guichet's TLS identity and the HTTP transport shared by the REST adapters (GDM, 3DS, DRM).
// One keep-alive undici Agent per certificate: every REST call of a run reuses its connections.
// Transport failures are classified here once, so that each adapter only deals with its own
// answers: certificate and TLS problems are fatal, network hiccups are transient.
import { createSecureContext } from 'node:tls';
import { Agent, request } from 'undici';
import { GuichetError } from '../errors.ts';

export interface ClientCertificate {
  pfx: Buffer;
  passphrase: string;
  /** Extra trust anchor (the simulator's CA, or a PROD chain missing from the system store). */
  ca?: Buffer | undefined;
}

/** Fails early, in French, when the PKCS#12 cannot be opened: before any call reaches the SNE. */
export function checkCertificateOpens(cert: ClientCertificate): void {
  try {
    createSecureContext({ pfx: cert.pfx, passphrase: cert.passphrase });
  } catch (error) {
    throw pkcs12Error(error);
  }
}

export function pkcs12Error(error: unknown): GuichetError {
  const message = error instanceof Error ? error.message : String(error);
  if (/mac verify|bad decrypt|invalid password/i.test(message)) {
    return new GuichetError(
      'CERT_PASSPHRASE',
      'La phrase de passe du certificat est incorrecte.',
      {},
      { cause: error },
    );
  }
  return new GuichetError(
    'CERT_FORMAT',
    "Le fichier n'est pas un certificat PKCS#12 (.p12 ou .pfx) lisible.",
    {},
    { cause: error },
  );
}

export function createSneAgent(cert: ClientCertificate, connections = 4): Agent {
  checkCertificateOpens(cert);
  return new Agent({
    connections,
    keepAliveTimeout: 30_000,
    connect: { pfx: cert.pfx, passphrase: cert.passphrase, ca: cert.ca },
  });
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);

/**
 * Turns a transport failure into a GuichetError. `details.transient` says whether retrying
 * later may help; TLS refusals never do.
 */
export function classifyTransportError(error: unknown): GuichetError {
  if (error instanceof GuichetError) return error;
  const e = error as { code?: string; message?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code ?? '';
  const message = e?.message ?? String(error);
  if (TLS_CODES.has(code) || /^ERR_SSL_|^ERR_TLS_/.test(code) || /alert|handshake/i.test(message)) {
    return new GuichetError(
      'TLS_REFUS',
      'La connexion sécurisée avec le SNE a été refusée : vérifiez que le certificat du guichet est valide, non expiré et délivré pour cet environnement.',
      { transient: false, cause: code },
      { cause: error },
    );
  }
  if (/mac verify|bad decrypt/i.test(message)) return pkcs12Error(error);
  if (code === 'ENOSPC') {
    return new GuichetError('DISQUE_PLEIN', 'Le disque est plein.', {}, { cause: error });
  }
  return new GuichetError(
    'SNE_INJOIGNABLE',
    'Le SNE ne répond pas (réseau ou service indisponible). Les données locales restent consultables ; réessayez plus tard.',
    { transient: true, cause: code || 'network' },
    { cause: error },
  );
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** GET a JSON resource. A body that is not JSON is an invalid SNE answer, not a crash. */
export async function getJson(
  agent: Agent,
  url: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<JsonResponse> {
  let response;
  try {
    response = await request(url, {
      method: 'GET',
      dispatcher: agent,
      headers: { accept: 'application/json' },
      signal: options.signal,
      headersTimeout: options.timeoutMs ?? 60_000,
      bodyTimeout: options.timeoutMs ?? 60_000,
    });
  } catch (error) {
    throw classifyTransportError(error);
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw classifyTransportError(error);
  }
  if (response.statusCode === 204 || text.length === 0) {
    return { status: response.statusCode, headers: response.headers, body: null };
  }
  try {
    return { status: response.statusCode, headers: response.headers, body: JSON.parse(text) };
  } catch (error) {
    throw new GuichetError(
      'SNE_REPONSE_INVALIDE',
      "Le SNE a renvoyé une réponse illisible (JSON invalide). Rien n'a été enregistré ; réessayez plus tard.",
      { transient: true, status: response.statusCode },
      { cause: error },
    );
  }
}

/** The SNE's Erreur body ({code, message}) when there is one. */
export function sneErreur(body: unknown): { code: string; message: string } | null {
  if (body && typeof body === 'object') {
    const { code, message } = body as { code?: unknown; message?: unknown };
    if (typeof code === 'string')
      return { code, message: typeof message === 'string' ? message : '' };
  }
  return null;
}
