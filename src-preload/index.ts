// The preload: GuichetApi for the renderer, one named method per capability, each a single IPC
// call that main validates (arguments arrive there as unknown). Nothing else crosses: no
// ipcRenderer, no generic invoke, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import type { GuichetApi, SyncProgress } from '../src-main/core/api-types.ts';

const PROGRESS_CHANNEL = 'guichet:progress';

const call = (method: string, ...args: unknown[]): Promise<never> =>
  ipcRenderer.invoke(`guichet:${method}`, ...args) as Promise<never>;

const api = {
  listDemandes: (query) => call('listDemandes', query),
  getDemande: (numUnique) => call('getDemande', numUnique),
  refreshDemande: (numUnique, blocs) => call('refreshDemande', numUnique, blocs),
  getPiece: (numUnique, nomFichier) => call('getPiece', numUnique, nomFichier),
  getSyncStatus: () => call('getSyncStatus'),
  startSync: () => call('startSync'),
  retryFailures: () => call('retryFailures'),
  listSequences: (limit) => call('listSequences', limit),
  onSyncProgress: (listener) => {
    const handler = (_event: unknown, progress: SyncProgress): void => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, handler);
    };
  },
  getSettings: () => call('getSettings'),
  updateSettings: (patch) => call('updateSettings', patch),
  useBuiltInSimulator: () => call('useBuiltInSimulator'),
  importCertificate: (request) => call('importCertificate', request),
  getCertificate: () => call('getCertificate'),
  removeCertificate: () => call('removeCertificate'),
  clearLocalData: () => call('clearLocalData'),
  getDrm: (numUnique) => call('getDrm', numUnique),
  list3dsTerritoires: (departements) => call('list3dsTerritoires', departements),
  extract3ds: (filtres) => call('extract3ds', filtres),
  list3dsExtractions: () => call('list3dsExtractions'),
  get3dsExtraction: (id) => call('get3dsExtraction', id),
  export3ds: (id) => call('export3ds', id),
} satisfies GuichetApi;

contextBridge.exposeInMainWorld('guichet', api);
