// Everything GuichetApi runs on, opened once per process (the Electron main process, `cli
// serve`, `cli demo`, tests): the cache, the settings, the certificate, the sync engine, and
// the simulator offered at first start. This is the one place that knows the concrete parts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuichetApi } from '../api-types.ts';
import { createGuichetApi } from '../api.ts';
import { systemClock, type Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import { keychainCertificatePort } from '../keychain/certificate-store.ts';
import { readPkcs12 } from '../keychain/certificate.ts';
import type { Logger } from '../logger.ts';
import { applyRetention, clearLocalData } from '../retention.ts';
import { fileSettingsStore, type SettingsStore } from '../settings.ts';
import type { SimulatorOptions } from '../simulator/index.ts';
import { openCacheStore } from '../store/open-cache.ts';
import type { Store } from '../store/open.ts';
import { createSlotLimiter } from '../sync/slot-limiter.ts';
import { SyncService, type SneConnection, type SyncRunResult } from '../sync/sync-service.ts';
import type { ApiContext, CertificatePort } from './context.ts';
import { getDemandeVue, getPieceVue } from './demande-detail.ts';
import { listDemandesVue } from './demandes-query.ts';
import { settingsPort } from './settings-port.ts';
import { builtInSimulator, type BuiltInSimulator } from './simulateur.ts';
import { syncPort } from './sync-port.ts';

export const CACHE_FILE = 'cache.sqlite';

export interface AppRuntimeOptions {
  dataDir: string;
  logger: Logger;
  clock?: Clock;
  /** Default: settings.json in the data folder. Electron passes its electron-store. */
  settings?: SettingsStore;
  /** Default: the OS keychain. */
  certificates?: CertificatePort;
  /** Default: the encrypted cache of the data folder, its key in the OS keychain. */
  openStore?: () => Promise<Store>;
  /** Options of the simulator offered at first start; null: not offered. */
  simulator?: SimulatorOptions | null;
  onRunEnd?: (result: SyncRunResult | null, error: GuichetError | null) => void;
}

export interface AppRuntime {
  api: GuichetApi;
  ctx: ApiContext;
  service: SyncService;
  store: Store;
  settings: SettingsStore;
  simulator: BuiltInSimulator | null;
  close(): Promise<void>;
}

export async function openAppRuntime(o: AppRuntimeOptions): Promise<AppRuntime> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger;
  const settings = o.settings ?? fileSettingsStore(o.dataDir);
  const certificates = o.certificates ?? keychainCertificatePort({ clock, logger });
  const cachePath = join(o.dataDir, CACHE_FILE);
  const store = await (o.openStore?.() ??
    openCacheStore(cachePath, { clock, logger }).then((c) => c.store));
  // One set of SNE slots for the sync's unitary calls and the DRM batches.
  const slots = createSlotLimiter(4);
  const service = new SyncService({
    store,
    settings,
    dataDir: o.dataDir,
    clock,
    logger,
    connection: () => sneConnection(settings, certificates, clock),
    slots,
  });
  // The app may run for weeks without reopening its cache: retention also follows each sync.
  service.onProgress((event) => {
    if (event.type === 'termine') applyRetention(store.db, clock.now(), logger.child('retention'));
  });
  const simulator =
    o.simulator === null
      ? null
      : builtInSimulator({ settings, certificates, logger, options: o.simulator ?? {} });
  const ctx: ApiContext = {
    demandes: {
      list: (query) => listDemandesVue(store, query),
      get: (numUnique) => getDemandeVue(store, numUnique, settings.get().blocsLourdsALaDemande),
      piece: (numUnique, nomFichier) => getPieceVue(store, numUnique, nomFichier),
    },
    sync: syncPort({
      service,
      certificates,
      logger,
      ...(o.onRunEnd ? { onRunEnd: o.onRunEnd } : {}),
    }),
    settings: settingsPort(settings),
    certificates,
    ...(simulator ? { simulateur: simulator } : {}),
    clearLocalData: () =>
      Promise.resolve().then(() => clearLocalData(store.db, { cachePath, logger })),
    db: store.db,
    logger,
    clock,
    slots,
    connexionSne: () => sneConnection(settings, certificates, clock),
  };
  return {
    api: createGuichetApi(ctx),
    ctx,
    service,
    store,
    settings,
    simulator,
    async close() {
      await simulator?.close();
      store.close();
    },
  };
}

/** The connection a run uses: the settings' address, the stored certificate, the extra CA. */
async function sneConnection(
  settings: SettingsStore,
  certificates: CertificatePort,
  clock: Clock,
): Promise<SneConnection> {
  const s = settings.get();
  const cert = await certificates.current();
  if (!cert) {
    throw new GuichetError(
      'CERT_ABSENT',
      'Aucun certificat de guichet : importez-le dans Paramètres avant de synchroniser.',
    );
  }
  const ca = s.connexion.ca === null ? cert.ca : readCa(s.connexion.ca);
  const info = readPkcs12(cert.pfx, cert.passphrase, clock.now());
  return { sneUrl: s.sneUrl, cert: { ...cert, ca }, guichet: info.guichet };
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `Le fichier de l’autorité de certification (${path}) est introuvable ou illisible.`,
      {},
      { cause: error },
    );
  }
}
