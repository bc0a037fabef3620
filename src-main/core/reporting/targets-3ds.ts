// The two legal targets of art. L.441-1 CCH (domain.md A5), judged per EPCI/EPT:
// at least 25 % of the attributions outside QPV to Q1 or ANRU-relocated households, and at least
// 50 % of the attributions inside QPV to Q2-Q4 households. Shares are recomputed from the
// counts, so that a rounded or missing share in the SNE's answer cannot change the verdict.
import type { Cible3ds, LigneAgregee3ds } from '../api-types.ts';

export const CIBLE_HORS_QPV = 0.25;
export const CIBLE_EN_QPV = 0.5;

export type Cible = Cible3ds;

export interface Cibles3ds {
  horsQPV: Cible;
  enQPV: Cible;
}

export function evaluerCible(numerateur: number, attributions: number, cible: number): Cible {
  if (attributions <= 0) return { part: null, cible, atteinte: null, ecartPoints: null };
  const part = numerateur / attributions;
  // Compare in integer hundredths of points so that 1/4 meets 25 % despite floating point.
  const ecartCentiemes = Math.round((part - cible) * 10_000);
  return {
    part,
    cible,
    atteinte: ecartCentiemes >= 0,
    ecartPoints: Math.round(ecartCentiemes / 10) / 10,
  };
}

export function evaluerCibles(ligne: LigneAgregee3ds): Cibles3ds {
  const hors = ligne.horsQPV;
  return {
    horsQPV: evaluerCible(hors.q1 + hors.relogesANRU, hors.attributions, CIBLE_HORS_QPV),
    enQPV: evaluerCible(ligne.enQPV.q2q3q4, ligne.enQPV.attributions, CIBLE_EN_QPV),
  };
}

/** Totals over several EPCI/EPT, as one line (for the footer of the table and the export). */
export function totaliser(lignes: readonly LigneAgregee3ds[]): LigneAgregee3ds {
  const total: LigneAgregee3ds = {
    departement: '',
    epci: '',
    nomEpci: 'Total',
    soumisReforme: lignes.some((l) => l.soumisReforme),
    seuilQ1: null,
    horsQPV: { attributions: 0, q1: 0, relogesANRU: 0, partQ1EtANRU: null },
    enQPV: { attributions: 0, q2q3q4: 0, partQ2Q3Q4: null },
  };
  for (const l of lignes) {
    total.horsQPV.attributions += l.horsQPV.attributions;
    total.horsQPV.q1 += l.horsQPV.q1;
    total.horsQPV.relogesANRU += l.horsQPV.relogesANRU;
    total.enQPV.attributions += l.enQPV.attributions;
    total.enQPV.q2q3q4 += l.enQPV.q2q3q4;
  }
  const cibles = evaluerCibles(total);
  total.horsQPV.partQ1EtANRU = cibles.horsQPV.part;
  total.enQPV.partQ2Q3Q4 = cibles.enQPV.part;
  return total;
}

/** "26,7 %" style wording of a verdict, for tables and the export. */
export function libelleCible(c: Cible): string {
  if (c.atteinte === null || c.ecartPoints === null) return 'sans objet';
  const ecart = c.ecartPoints.toLocaleString('fr-FR', { minimumFractionDigits: 1 });
  return c.atteinte ? `atteinte (+${ecart} pts)` : `manquée (${ecart} pts)`;
}
