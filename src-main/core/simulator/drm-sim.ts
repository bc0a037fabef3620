// The DRM answer of the simulator for one DLS (contract RessourcesDrm, domain.md A7): the three
// months before the latest monthly refresh (M-1 to M-3 of dateMiseAJour, newest first), one
// line per month and income source. The refresh is taken to run on the 5th of each month; it
// changes the window without creating any GDM movement.
import type { DrmLigne, SimDls } from './model.ts';
import { jourDe, jourParis, partsJour, periodeDecalee, formatJour } from './sim-dates.ts';

export interface RessourcesDrm {
  numUnique: string;
  dateMiseAJour: string;
  mois: { periode: string; lignes: Omit<DrmLigne, 'periode'>[] }[];
}

export type DrmResultat =
  { ok: true; body: RessourcesDrm } | { ok: false; status: number; code: string; message: string };

const JOUR_ACTUALISATION = 5;

export function drmWindow(dls: SimDls | undefined, now: Date): DrmResultat {
  if (!dls || dls.purgee) {
    return refus(404, 'DRM_DEMANDE_INCONNUE', 'Aucune demande de ce numéro n’est connue du SNE.');
  }
  if (dls.statutNir !== 'PERMANENT') {
    return refus(
      422,
      'DRM_NIR_NON_PERMANENT',
      'Le demandeur n’a pas de NIR permanent : le DRM ne fournit pas ses ressources.',
    );
  }
  if (!dls.etatCivilCoherent) {
    return refus(
      409,
      'DRM_INCOHERENCE_ETAT_CIVIL',
      'L’état civil du demandeur et son NIR ne concordent pas entre le SNE et le DRM : rien n’est affiché.',
    );
  }
  const miseAJour = dateMiseAJour(now);
  const { annee, mois } = partsJour(miseAJour);
  const fenetre = [1, 2, 3].map((k) => periodeDecalee(annee, mois, -k));
  return {
    ok: true,
    body: {
      numUnique: dls.numUnique,
      dateMiseAJour: formatJour(miseAJour),
      mois: fenetre.map((periode) => ({
        periode,
        lignes: dls.drm
          .filter((l) => l.periode === periode)
          .map((l) => ({
            nature: l.nature,
            source: l.source,
            montantNetVerse: l.montantNetVerse,
            declarant: l.declarant,
          })),
      })),
    },
  };
}

/** Day number of the latest monthly refresh at or before now. */
export function dateMiseAJour(now: Date): number {
  const today = jourParis(now);
  const { annee, mois, jour } = partsJour(today);
  return jour >= JOUR_ACTUALISATION
    ? jourDe(annee, mois, JOUR_ACTUALISATION)
    : jourDe(annee, mois - 1, JOUR_ACTUALISATION);
}

function refus(status: number, code: string, message: string): DrmResultat {
  return { ok: false, status, code, message };
}
