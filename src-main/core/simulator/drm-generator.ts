// DRM lines of a generated applicant with a permanent NIR: one line per month and per income
// source that DSN (wages) or PASRAU (unemployment, pensions, invalidity) reports, for the seven
// months up to the generation date, so that the 3-month window stays filled when the simulator's
// clock moves on. Amounts are the "montant net versé", a few percent off the declared monthly
// resource. About one applicant in ten has a month missing (a late employer declaration).
import type { Demandeur } from '../sne/blocs.ts';
import { EMPLOYEURS } from './names.ts';
import type { DrmLigne } from './model.ts';
import type { Rng } from './random.ts';
import { jourParis, partsJour, periodeDecalee } from './sim-dates.ts';

const DECLARANTS_PASRAU: Record<string, readonly string[]> = {
  CHO: ['France Travail'],
  RET: ['CNAV', 'Agirc-Arrco', 'MSA'],
  PINV: ['CPAM', 'Prévoyance Mutualiste'],
};
const MOIS_GENERES = 7;

export function genererDrm(rng: Rng, demandeur: Demandeur, now: Date): DrmLigne[] {
  const { annee, mois } = partsJour(jourParis(now));
  const sources = demandeur.listeRessourceRecue.filter((r) =>
    ['SAL', 'CHO', 'RET', 'PINV'].includes(r.ressource),
  );
  const declarants = sources.map((r) =>
    r.ressource === 'SAL'
      ? `${rng.pick(EMPLOYEURS)} (${rng.int(100, 999)})`
      : rng.pick(DECLARANTS_PASRAU[r.ressource] ?? ['Organisme payeur']),
  );
  const moisManquant = rng.chance(0.1) ? rng.int(1, 3) : -1;
  const lignes: DrmLigne[] = [];
  for (let k = 0; k < MOIS_GENERES; k++) {
    if (k === moisManquant) continue;
    const periode = periodeDecalee(annee, mois, -k);
    sources.forEach((r, i) => {
      lignes.push({
        periode,
        nature: r.ressource,
        source: r.ressource === 'SAL' ? 'DSN' : 'PASRAU',
        montantNetVerse: Math.round(r.montant * (0.92 + rng.next() * 0.16) * 100) / 100,
        declarant: declarants[i] ?? 'Organisme payeur',
      });
    });
  }
  return lignes;
}
