// The household's resource quartile at an attribution (domain.md A5, assumption B10): monthly
// resources of the applicant and the co-applicants × 12 ÷ consumption units (OECD scale: 1 for
// the first adult, 0.5 for each other person aged 14 or more, 0.3 under 14), compared with the
// territory's Q1 threshold of the year. Only Q1 has a published threshold; the simulator places
// the median and the third quartile at 1.65 and 2.35 times Q1, the spread seen in SNE demand.
import type { Cotitulaire, Demandeur, PersonneACharge } from '../sne/blocs.ts';
import { parseJour } from './sim-dates.ts';

const RATIO_MEDIANE = 1.65;
const RATIO_Q3 = 2.35;

/** The household as the Cerfa holds it; a generated Menage has the same parts. */
export interface Foyer {
  demandeur: Demandeur;
  cotitulaires: readonly Cotitulaire[];
  personnesACharge: readonly PersonneACharge[];
}

export function unitesConsommation(foyer: Foyer, jour: number): number {
  const autres = [
    ...foyer.cotitulaires.map((c) => c.dateNaissance),
    ...foyer.personnesACharge.map((p) => p.dateNaissance),
  ];
  let uc = 1;
  for (const naissance of autres) uc += ageAns(naissance, jour) >= 14 ? 0.5 : 0.3;
  return uc;
}

export function ressourcesAnnuellesParUC(foyer: Foyer, jour: number): number {
  const mensuel = [
    ...foyer.demandeur.listeRessourceRecue,
    ...foyer.cotitulaires.flatMap((c) => c.listeRessourceRecue),
  ].reduce((sum, r) => sum + r.montant, 0);
  return Math.round((mensuel * 12) / unitesConsommation(foyer, jour));
}

export function foyerDuCerfa(cerfa: {
  personnePhysique: { demandeur: Demandeur; listePersonneACharge: PersonneACharge[] };
  listeCotitulaire: Cotitulaire[];
}): Foyer {
  return {
    demandeur: cerfa.personnePhysique.demandeur,
    cotitulaires: cerfa.listeCotitulaire,
    personnesACharge: cerfa.personnePhysique.listePersonneACharge,
  };
}

export function quartile(ressourcesParUC: number, seuilQ1: number): 1 | 2 | 3 | 4 {
  if (ressourcesParUC < seuilQ1) return 1;
  if (ressourcesParUC < seuilQ1 * RATIO_MEDIANE) return 2;
  if (ressourcesParUC < seuilQ1 * RATIO_Q3) return 3;
  return 4;
}

function ageAns(naissance: string, jour: number): number {
  return Math.floor((jour - parseJour(naissance)) / 365.25);
}
