// The simulator's picture of the SNE: what it knows about each DLS beyond what the unitary
// services show (territory, NIR status, DRM lines, who attributed), and the movements it made.
// data-generator.ts builds it from a seed; rest-server.ts, soap-server.ts and movements.ts read
// and change it.
import type { Bloc, BlocContenu } from '../sne/blocs.ts';

export type GuichetType = 'BAILLEUR' | 'COMMUNE' | 'ACTION_LOGEMENT';

export interface SimGuichet {
  code: string; // G1104
  type: GuichetType;
  nom: string;
  siren: string;
  /** Departments whose DLS this guichet may read (ACCES_REFUSE outside them). */
  departements: string[];
  /** GDM enabled (403 GDM_NON_HABILITE otherwise). */
  gdmHabilite: boolean;
}

export type StatutNir = 'PERMANENT' | 'TEMPORAIRE' | 'AUCUN';

export interface DrmLigne {
  periode: string; // YYYY-MM
  nature: string; // SAL, CHO, RET, PINV, ...
  source: 'DSN' | 'PASRAU';
  montantNetVerse: number;
  declarant: string;
}

/** 3DS facts of one attribution that the unitary block does not carry. */
export interface AttributionSuivi {
  bailleur: string; // guichet code of the bailleur whose CAL decided
  epci: string; // SIREN of the EPCI/EPT of communeLogement
  quartile: 1 | 2 | 3 | 4;
  ressourcesAnnuellesParUC: number;
  dateRadiation: string | null;
  dateRemonteeSNE: string | null;
}

export interface SimDls {
  numUnique: string;
  /** Desired-location communes and their departments (GDM filters, ACCES_REFUSE). */
  communes: string[];
  departements: string[];
  statutNir: StatutNir;
  etatCivilCoherent: boolean;
  drm: DrmLigne[];
  /** Parallel to blocs.attributions. */
  suiviAttributions: AttributionSuivi[];
  /** Purged DLS answer NUM_INCONNU. */
  purgee: boolean;
  blocs: BlocContenu;
}

export interface Movement {
  numUnique: string;
  /** When the DLS changed on the primary (dateMouvement). */
  at: Date;
  /** When the replica shows it to GDM: at + replication delay. */
  visibleAt: Date;
  /** The guichet that made the change (guichetsExclus). */
  guichet: string;
  natures: Bloc[];
}
