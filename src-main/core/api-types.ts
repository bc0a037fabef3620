// GuichetApi: everything the UI may ask of the core. Implemented once in api.ts; carried by
// IPC in Electron (src-preload) and by HTTP in browser mode (cli serve). Types only: the
// renderer imports this file.
import type { Bloc, BlocContenu } from './sne/blocs.ts';

export interface DemandeResume {
  numUnique: string;
  demandeur: string; // "NOM Prénom"
  tailleMenage: number | null;
  communes: string[]; // INSEE codes of the desired locations
  nomsCommunes: string[]; // their names, in the same order (the code when unknown)
  departements: string[];
  statutDalo: string | null;
  active: boolean; // false once radiated
  dateMouvement: string | null; // latest GDM movement seen
  recupereLe: string | null; // oldest fetch time among its blocks: its freshness
  blocs: Bloc[]; // blocks present in the cache
  blocsEnEchec: Bloc[];
}

export interface ListeDemandesQuery {
  q?: string;
  departement?: string;
  commune?: string;
  statutDalo?: string;
  etat?: 'ACTIVE' | 'RADIEE';
  mouvementeDepuis?: string;
  enEchec?: boolean;
  tri?: {
    colonne: 'numUnique' | 'demandeur' | 'dateMouvement' | 'recupereLe';
    sens: 'asc' | 'desc';
  };
  offset?: number;
  limit?: number;
}

export interface ListeDemandesPage {
  total: number;
  lignes: DemandeResume[];
}

export interface BlocLu<B extends Bloc = Bloc> {
  contenu: BlocContenu[B];
  dateFichier: string; // SNE time of the answer
  recupereLe: string; // local time of the fetch
}

export interface DemandeDetail {
  numUnique: string;
  blocs: { [B in Bloc]?: BlocLu<B> };
  /** Blocks absent from the cache, and why (failed, on demand, not yet fetched). */
  manquants: { bloc: Bloc; raison: string }[];
  /** Blocks with a movement newer than the stored copy. */
  enAttente: Bloc[];
  /** Names of the INSEE communes the blocks mention (wanted, address, dwellings attributed). */
  nomsCommunes: Record<string, string>;
}

export interface Gap {
  depuis: string;
  jusque: string;
}

export interface Failure {
  numUnique: string;
  bloc: Bloc;
  code: string;
  message: string;
}

export interface SyncProgress {
  phase: 'gdm' | 'blocs' | 'termine';
  fenetre: { depuis: string; jusque: string | null } | null;
  pages: number;
  pagesTotal: number | null;
  blocsFaits: number;
  blocsTotal: number;
  parSeconde: number;
  resteSecondes: number | null;
  echecs: number;
}

export interface SyncStatus {
  watermark: string | null;
  lastSequenceAt: string | null;
  nextAllowedAt: string | null;
  gaps: Gap[];
  queue: { pending: number; done: number; failed: number };
  failures: Failure[];
  running: boolean;
  progress: SyncProgress | null;
  /** Fewer than 2 sequences in the last 24 h (the SNE's minimum). */
  alerteFrequence: boolean;
  /** The last call to the SNE could not reach it (network, service down): the cache still works. */
  horsLigne?: boolean;
}

export interface SequenceHistorique {
  id: number;
  depuis: string;
  jusque: string | null;
  commenceLe: string;
  termineLe: string | null;
  demandes: number;
  statut: 'EN_COURS' | 'TERMINEE' | 'ABANDONNEE';
}

export type Environnement = 'SIMULATEUR' | 'ECOLE' | 'PROD';

export interface Settings {
  environnement: Environnement;
  sneUrl: string;
  departements: string[];
  communes: string[];
  guichetsExclus: string[];
  overlapMinutes: number;
  horaires: string[]; // "08:30"
  blocsLourdsALaDemande: boolean;
  dataDir: string;
}

export interface CertificatInfo {
  guichet: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
}

export interface RessourcesDrmVue {
  numUnique: string;
  dateMiseAJour: string;
  mois: {
    periode: string;
    lignes: {
      nature: string;
      source: 'DSN' | 'PASRAU';
      montantNetVerse: number;
      declarant: string | null;
    }[];
    total: number;
    declare: number | null; // monthly resources declared in the Cerfa
    ecart: number | null;
  }[];
}

export interface Filtres3ds {
  annee: number;
  departements: string[]; // empty: all
  epci: string[]; // empty: all of the departments
  perimetre: 'TOUS' | 'REFORME' | 'HORS_REFORME';
}

/** An EPCI or EPT the 3DS filters can name, with the department of its seat commune. */
export interface Territoire3ds {
  siren: string;
  nom: string;
  type: string; // CC, CA, CU, METRO, MET69, EPT
  departement: string;
  nomDepartement: string;
}

export interface Extraction3dsResume {
  id: number;
  dateExtraction: string;
  filtres: Filtres3ds;
  lignesAgregees: number;
  lignesDetaillees: number;
}

/** One EPCI/EPT of a 3DS answer (aggregated tab). */
export interface LigneAgregee3ds {
  departement: string;
  epci: string; // SIREN of the EPCI or EPT
  nomEpci: string;
  soumisReforme: boolean;
  seuilQ1: number | null; // EUR per consumption unit; null without an arrêté
  horsQPV: { attributions: number; q1: number; relogesANRU: number; partQ1EtANRU: number | null };
  enQPV: { attributions: number; q2q3q4: number; partQ2Q3Q4: number | null };
}

/** One attribution of a 3DS answer (detailed tab). */
export interface LigneDetail3ds {
  numUnique: string;
  departement: string;
  epci: string;
  communeLogement: string | null;
  enQPV: boolean;
  codeQPV: string | null;
  quartile: 1 | 2 | 3 | 4;
  ressourcesAnnuellesParUC: number | null;
  relogeANRU: boolean;
  dateSignatureBail: string; // YYYY-MM-DD
  dateRadiation: string | null;
  delaiSignatureRadiationJours: number | null;
  dateRemonteeSNE: string | null;
  delaiRemonteeRadiationJours: number | null;
}

/** A share against its legal target (25 % outside QPV, 50 % in QPV). */
export interface Cible3ds {
  part: number | null; // [0, 1]; null without attributions
  cible: number;
  atteinte: boolean | null; // null: nothing to judge
  ecartPoints: number | null; // part - cible, in percentage points
}

export type TypeEcart3ds =
  | 'ABSENTE_DU_SNE'
  | 'ABSENTE_DU_CACHE'
  | 'DATE_SIGNATURE_DIFFERENTE'
  | 'DATE_RADIATION_DIFFERENTE'
  | 'AGREGAT_INCOHERENT';

/** One discrepancy found by the cross-check of a 3DS answer. */
export interface Ecart3ds {
  type: TypeEcart3ds;
  numUnique: string | null;
  epci: string | null;
  local: string | null;
  sne: string | null;
  message: string;
}

/** A stored 3DS extraction, ready to show (get3dsExtraction). */
export interface Extraction3dsVue {
  resume: Extraction3dsResume;
  extraitLe: string; // local time of the call, ISO
  dateArretDonnees: string;
  bailleur: { guichet: string | null; siren: string | null } | null;
  agrege: { ligne: LigneAgregee3ds; horsQPV: Cible3ds; enQPV: Cible3ds }[];
  total: { ligne: LigneAgregee3ds; horsQPV: Cible3ds; enQPV: Cible3ds };
  detail: LigneDetail3ds[];
  /** Delays above this many days make a detailed row doubtful. */
  seuilFiabiliteJours: number;
  controles: {
    /** false when the cache could not be read: the SNE's figures alone are shown. */
    cacheDisponible: boolean;
    attributionsLocales: number;
    attributionsSne: number;
    /** SNE rows on demands the cache does not hold (outside the synchronised territory). */
    demandesHorsCache: number;
    /** Local attributions radiated by another bailleur, rightly absent from the SNE's detail. */
    attributionsAutresBailleurs: number;
    ecarts: Ecart3ds[];
  };
}

export interface ApiError {
  code: string;
  message: string;
}

export interface SyncStartResult {
  started: boolean;
  /** When not started: why, in French, and when it will be allowed. */
  raison: string | null;
  nextAllowedAt: string | null;
}

export interface ImportCertificatRequest {
  pfxBase64: string;
  passphrase: string;
}

/**
 * Everything the UI may ask. Each method validates its arguments in the transports (they arrive
 * as unknown) and rejects with an ApiError-shaped error carrying a French message.
 */
export interface GuichetApi {
  // Demandes
  listDemandes(query: ListeDemandesQuery): Promise<ListeDemandesPage>;
  getDemande(numUnique: string): Promise<DemandeDetail | null>;
  refreshDemande(numUnique: string, blocs?: Bloc[]): Promise<void>;
  getPiece(numUnique: string, nomFichier: string): Promise<{ contentType: string; base64: string }>;

  // Synchronisation
  getSyncStatus(): Promise<SyncStatus>;
  startSync(): Promise<SyncStartResult>;
  retryFailures(): Promise<number>;
  listSequences(limit: number): Promise<SequenceHistorique[]>;
  /** Progress events; returns the unsubscribe function. */
  onSyncProgress(listener: (progress: SyncProgress) => void): () => void;

  // Paramètres et certificat
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  /** First start: runs the built-in simulator and points settings and certificate at it. */
  useBuiltInSimulator(): Promise<Settings>;
  importCertificate(request: ImportCertificatRequest): Promise<CertificatInfo>;
  getCertificate(): Promise<CertificatInfo | null>;
  removeCertificate(): Promise<void>;
  clearLocalData(): Promise<void>;

  // DRM
  getDrm(numUnique: string): Promise<RessourcesDrmVue>;

  // 3DS
  /** The EPCI/EPT whose seat lies in these departments (all of them when the list is empty). */
  list3dsTerritoires(departements: string[]): Promise<Territoire3ds[]>;
  extract3ds(filtres: Filtres3ds): Promise<Extraction3dsResume>;
  list3dsExtractions(): Promise<Extraction3dsResume[]>;
  get3dsExtraction(id: number): Promise<Extraction3dsVue>;
  export3ds(id: number): Promise<{ fileName: string; base64: string }>;
}
