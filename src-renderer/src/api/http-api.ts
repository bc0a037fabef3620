// The browser-mode transport: each GuichetApi method is one POST to the local server started by
// `cli serve`, authenticated by the token the server printed in its URL; progress events arrive
// by Server-Sent Events. No logic here beyond carrying calls.
import type { GuichetApi, SyncProgress } from '../../../src-main/core/api-types.ts';
import { ApiCallError } from './api-error.ts';

type Method = Exclude<keyof GuichetApi, 'onSyncProgress'>;
type Args<K extends Method> = Parameters<GuichetApi[K]>;
type Result<K extends Method> = Awaited<ReturnType<GuichetApi[K]>>;

export function createHttpApi(token: string, base = ''): GuichetApi {
  async function call<K extends Method>(method: K, args: Args<K>): Promise<Result<K>> {
    let response: Response;
    try {
      response = await fetch(`${base}/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-guichet-token': token },
        body: JSON.stringify({ args }),
      });
    } catch {
      throw new ApiCallError(
        'SERVEUR_LOCAL',
        "Le serveur local de l'application ne répond plus : relancez « sne-guichet serve ».",
      );
    }
    const body = (await response.json().catch(() => null)) as
      | { ok: true; value: Result<K> }
      | { ok: false; error: { code: string; message: string } }
      | null;
    if (body === null) throw new ApiCallError('INTERNE', 'Réponse illisible du serveur local.');
    if (!body.ok) throw new ApiCallError(body.error.code, body.error.message);
    return body.value;
  }

  return {
    listDemandes: (query) => call('listDemandes', [query]),
    getDemande: (numUnique) => call('getDemande', [numUnique]),
    refreshDemande: (numUnique, blocs) => call('refreshDemande', [numUnique, blocs]),
    getPiece: (numUnique, nomFichier) => call('getPiece', [numUnique, nomFichier]),
    getSyncStatus: () => call('getSyncStatus', []),
    startSync: () => call('startSync', []),
    retryFailures: () => call('retryFailures', []),
    listSequences: (limit) => call('listSequences', [limit]),
    onSyncProgress: (listener) =>
      subscribe(`${base}/api/events?token=${encodeURIComponent(token)}`, listener),
    getSettings: () => call('getSettings', []),
    updateSettings: (patch) => call('updateSettings', [patch]),
    useBuiltInSimulator: () => call('useBuiltInSimulator', []),
    importCertificate: (request) => call('importCertificate', [request]),
    getCertificate: () => call('getCertificate', []),
    removeCertificate: () => call('removeCertificate', []),
    clearLocalData: () => call('clearLocalData', []),
    getDrm: (numUnique) => call('getDrm', [numUnique]),
    list3dsTerritoires: (departements) => call('list3dsTerritoires', [departements]),
    extract3ds: (filtres) => call('extract3ds', [filtres]),
    list3dsExtractions: () => call('list3dsExtractions', []),
    get3dsExtraction: (id) => call('get3dsExtraction', [id]),
    export3ds: (id) => call('export3ds', [id]),
  };
}

function subscribe(url: string, listener: (progress: SyncProgress) => void): () => void {
  const source = new EventSource(url);
  const onProgress = (event: MessageEvent<string>): void => {
    listener(JSON.parse(event.data) as SyncProgress);
  };
  source.addEventListener('progress', onProgress);
  return () => {
    source.removeEventListener('progress', onProgress);
    source.close();
  };
}
