// The 3DS report as the rest of the application sees it, once the adapter
// (sne/reporting3ds-client.ts) has checked and mapped the SNE's answer. Targets, the
// cross-check with the cache, the Excel export and the stored extractions all read this shape;
// none of them knows the wire names. Types only.
import type { Filtres3ds } from '../api-types.ts';

export interface LigneAgregee3ds {
  departement: string;
  epci: string; // SIREN of the EPCI or EPT
  nomEpci: string;
  soumisReforme: boolean;
  seuilQ1: number | null; // EUR per consumption unit; null without an arrêté
  horsQPV: { attributions: number; q1: number; relogesANRU: number; partQ1EtANRU: number | null };
  enQPV: { attributions: number; q2q3q4: number; partQ2Q3Q4: number | null };
}

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

export interface Rapport3ds {
  annee: number;
  dateExtraction: string; // YYYY-MM-DD
  dateArretDonnees: string; // last day of the month before the extraction
  bailleur: { guichet: string | null; siren: string | null } | null;
  agrege: LigneAgregee3ds[];
  detail: LigneDetail3ds[];
}

/** One extraction as kept in the cache: the answer, the filters sent, and when it was taken. */
export interface Extraction3ds {
  id: number;
  /** Local time of the call, ISO with offset. */
  extraitLe: string;
  filtres: Filtres3ds;
  rapport: Rapport3ds;
}
