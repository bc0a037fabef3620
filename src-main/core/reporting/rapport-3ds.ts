// The 3DS report as the rest of the application sees it, once the adapter
// (sne/reporting3ds-client.ts) has checked and mapped the SNE's answer. Targets, the
// cross-check with the cache, the Excel export and the stored extractions all read this shape;
// none of them knows the wire names. Types only.
import type { Filtres3ds, LigneAgregee3ds, LigneDetail3ds } from '../api-types.ts';

export type { LigneAgregee3ds, LigneDetail3ds };

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
