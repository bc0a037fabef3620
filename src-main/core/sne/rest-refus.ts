// How the 3DS and DRM adapters turn a non-200 answer into a GuichetError: the SNE's documented
// codes get the adapter's French explanation, a busy SNE is transient, and anything else keeps
// the SNE's own message. Each adapter keeps its codes; this only holds the shared steps.
import { GuichetError, type ErrorCode } from '../errors.ts';
import { sneErreur, type JsonResponse } from './tls.ts';

export interface Explication {
  code: ErrorCode;
  message: string;
}

export function refusSne(
  service: string,
  response: JsonResponse,
  explications: Readonly<Record<string, Explication>>,
): GuichetError {
  const erreur = sneErreur(response.body);
  const codeSne = erreur?.code ?? `HTTP_${String(response.status)}`;
  const details = { codeSne, status: response.status, service };
  const connue = explications[codeSne];
  if (connue)
    return new GuichetError(connue.code, connue.message, { ...details, transient: false });
  if (response.status === 429 || response.status === 503) {
    return new GuichetError(
      'SNE_INJOIGNABLE',
      'Le SNE est momentanément indisponible ou surchargé : réessayez dans quelques minutes. Les données locales restent consultables.',
      { ...details, transient: true, retryAfter: header(response, 'retry-after') ?? null },
    );
  }
  const texte = erreur?.message ? ` Message du SNE : « ${erreur.message} »` : '';
  return new GuichetError('SNE_ERREUR', `Le SNE a refusé la demande (${codeSne}).${texte}`, {
    ...details,
    transient: response.status >= 500,
  });
}

export function reponseInvalide(service: string, raison: string): GuichetError {
  return new GuichetError(
    'SNE_REPONSE_INVALIDE',
    `Le SNE a renvoyé une réponse ${service} inattendue (${raison}). Rien n'a été enregistré ; réessayez plus tard ou signalez-le à l'assistance du SNE.`,
    { service, transient: true },
  );
}

function header(response: JsonResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
