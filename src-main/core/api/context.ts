// What the GuichetApi methods are built from. Each domain module under core/api/ exports a
// function `(ctx: ApiContext) => Pick<GuichetApi, ...>`; api.ts assembles them. The context is a
// set of narrow ports rather than the engine's concrete classes so that the API, the 3DS/DRM
// module and their tests depend on what they use, and the wiring (api/wiring.ts) is the one
// place that knows the engine, the keychain and the store.
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open.ts';
import type { Logger } from '../logger.ts';
import type { ClientCertificate } from '../sne/tls.ts';
import type { Bloc } from '../sne/blocs.ts';
import type { SlotLimiter } from '../sync/slot-limiter.ts';
import type {
  CertificatInfo,
  DemandeDetail,
  ListeDemandesPage,
  ListeDemandesQuery,
  SequenceHistorique,
  Settings,
  SyncProgress,
  SyncStartResult,
  SyncStatus,
} from '../api-types.ts';

/** Reads of the local cache, as the UI needs them. */
export interface DemandesPort {
  list(query: ListeDemandesQuery): ListeDemandesPage;
  get(numUnique: string): DemandeDetail | null;
  /** One document (piece or cotation note) of a DLS, by file name. */
  piece(numUnique: string, nomFichier: string): { contentType: string; base64: string };
}

/** The built-in simulator offered at first start (absent where it cannot run). */
export interface SimulateurPort {
  /** Starts it if needed and points the settings and the certificate at it. */
  use(): Promise<Settings>;
}

/** The synchronisation engine: one sequence at a time, the 4 slots, its progress events. */
export interface SyncPort {
  status(): Promise<SyncStatus>;
  start(): Promise<SyncStartResult>;
  /** Re-fetches the given blocks (all when absent) of one DLS through the same 4 slots. */
  refreshDemande(numUnique: string, blocs?: Bloc[]): Promise<void>;
  retryFailures(): Promise<number>;
  sequences(limit: number): Promise<SequenceHistorique[]>;
  onProgress(listener: (progress: SyncProgress) => void): () => void;
}

export interface SettingsPort {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/** The guichet's certificate, kept in the OS keychain; the private key never leaves the core. */
export interface CertificatePort {
  /** The certificate to present to the SNE (and the extra CA to trust), or null when none. */
  current(): Promise<ClientCertificate | null>;
  info(): Promise<CertificatInfo | null>;
  import(pfx: Buffer, passphrase: string): Promise<CertificatInfo>;
  remove(): Promise<void>;
}

export interface ApiContext {
  demandes: DemandesPort;
  sync: SyncPort;
  settings: SettingsPort;
  certificates: CertificatePort;
  simulateur?: SimulateurPort;
  /** Erases the cache and the sync state (not the certificate nor the settings). */
  clearLocalData(): Promise<void>;
  /**
   * The opened cache for modules that keep their own tables (3DS extractions, DRM).
   */
  db: ApiDatabase;
  logger: Logger;
  clock: Clock;
  /**
   * The SNE call slots the sync's fetch queue uses (sync/slot-limiter.ts), so that a DRM batch
   * shares the 4 slots with a running sync. When absent, DRM calls get 4 slots of their own.
   */
  slots?: SlotLimiter;
  /**
   * The SNE address and the certificate with its extra CA, as the sync engine connects (3DS and
   * DRM calls use it). When absent, reporting falls back to settings.sneUrl and the bare
   * certificate, which cannot reach an SNE signed by a private CA such as the simulator's.
   */
  connexionSne?: () => Promise<{ sneUrl: string; cert: ClientCertificate }>;
}

/** The opened cache (better-sqlite3-multiple-ciphers), owned by the store. */
export type ApiDatabase = Db;
