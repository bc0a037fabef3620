// The reliability indicators of a detailed 3DS row (domain.md A5): a lease signed long before
// the radiation, or a radiation that reached the SNE late, makes the row doubtful for the
// reporting period. The SNE gives the delays; the threshold is the guichet's reading of them.
import type { LigneDetail3ds } from '../api-types.ts';

export const SEUIL_FIABILITE_JOURS = 30;

export function alerteFiabilite(ligne: LigneDetail3ds): boolean {
  return (
    (ligne.delaiSignatureRadiationJours ?? 0) > SEUIL_FIABILITE_JOURS ||
    (ligne.delaiRemonteeRadiationJours ?? 0) > SEUIL_FIABILITE_JOURS
  );
}
