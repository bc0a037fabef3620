// The household part of a generated Cerfa: applicant, co-applicants, dependants and their
// monthly resources. Incomes are drawn so that roughly a third of households fall in the first
// quartile, as in social-housing demand.
import type {
  Cotitulaire,
  Demandeur,
  PersonneACharge,
  Ressource,
  RevenuFiscal,
} from '../sne/blocs.ts';
import type { Commune } from './geography.ts';
import {
  NOMS,
  NOMS_VOIE,
  PRENOMS_FEMININS,
  PRENOMS_MASCULINS,
  PROFESSIONS,
  TYPES_VOIE,
} from './names.ts';
import type { Rng } from './random.ts';
import { formatJour } from './sim-dates.ts';

export interface Menage {
  demandeur: Demandeur;
  cotitulaires: Cotitulaire[];
  personnesACharge: PersonneACharge[];
}

const SITUATIONS: readonly [string, number][] = [
  ['C', 40],
  ['M', 15],
  ['D', 12],
  ['S', 8],
  ['P', 7],
  ['U', 12],
  ['V', 6],
];

export function genererMenage(rng: Rng, commune: Commune, jourCreation: number): Menage {
  const situation = pondere(rng, SITUATIONS);
  const age = rng.int(19, 82);
  const femme = rng.chance(0.56);
  const nom = rng.pick(NOMS);
  const ressources = ressourcesAdulte(rng, age);
  const demandeur: Demandeur = {
    civilite: femme ? '2' : rng.chance(0.97) ? '1' : '3',
    nom,
    prenom: femme ? rng.pick(PRENOMS_FEMININS) : rng.pick(PRENOMS_MASCULINS),
    dateNaissance: naissance(rng, jourCreation, age),
    nationalite: rng.chance(0.78) ? '1' : rng.chance(0.3) ? '2' : '3',
    situationFamiliale: situation,
    telPortable: rng.chance(0.9) ? `0${rng.pick(['6', '7'])}${chiffres(rng, 8)}` : null,
    mel: rng.chance(0.7) ? `${slug(nom)}.${rng.int(10, 99)}@exemple.fr` : null,
    adressePostale: {
      numero: rng.chance(0.9) ? String(rng.int(1, 180)) : null,
      voie: `${rng.pick(TYPES_VOIE)} ${rng.pick(NOMS_VOIE)}`,
      codePostal: commune.codePostal,
      commune: commune.code,
    },
    situationProfessionnelle: {
      profession:
        ressources.contrat === 'CDI' || ressources.contrat === 'CDD' ? rng.pick(PROFESSIONS) : null,
      typeContratTravail: ressources.contrat,
    },
    revenuFiscal: revenuFiscal(rng, ressources.liste, jourCreation),
    listeRessourceRecue: ressources.liste,
  };
  const cotitulaires = genererCotitulaires(rng, situation, nom, jourCreation, age);
  const personnesACharge = genererEnfants(rng, nom, jourCreation, age, situation);
  addPrestations(rng, demandeur.listeRessourceRecue, personnesACharge.length, cotitulaires.length);
  return { demandeur, cotitulaires, personnesACharge };
}

function genererCotitulaires(
  rng: Rng,
  situation: string,
  nom: string,
  jourCreation: number,
  age: number,
): Cotitulaire[] {
  const lien = situation === 'M' ? 'M' : situation === 'P' ? 'P' : situation === 'U' ? 'C' : null;
  if (lien === null ? !rng.chance(0.03) : !rng.chance(0.85)) return [];
  const ageCo = Math.max(18, age + rng.int(-6, 6));
  const femme = rng.chance(0.5);
  return [
    {
      nom: lien === 'M' && rng.chance(0.6) ? nom : rng.pick(NOMS),
      prenom: femme ? rng.pick(PRENOMS_FEMININS) : rng.pick(PRENOMS_MASCULINS),
      dateNaissance: naissance(rng, jourCreation, ageCo),
      lienDemandeur: lien ?? 'L',
      listeRessourceRecue: ressourcesAdulte(rng, ageCo).liste,
    },
  ];
}

function genererEnfants(
  rng: Rng,
  nom: string,
  jourCreation: number,
  age: number,
  situation: string,
): PersonneACharge[] {
  const max = age < 22 || age > 62 ? 1 : ['M', 'P', 'U', 'D', 'S'].includes(situation) ? 4 : 3;
  const n = rng.chance(0.45) ? 0 : rng.int(1, max);
  const enfants: PersonneACharge[] = [];
  for (let k = 0; k < n; k++) {
    const fille = rng.chance(0.5);
    const lien = age > 55 && rng.chance(0.3) ? rng.pick(['P', 'A']) : 'E';
    const ageEnfant = lien === 'E' ? rng.int(0, Math.min(20, age - 17)) : rng.int(1, 90);
    enfants.push({
      nom,
      prenom: fille ? rng.pick(PRENOMS_FEMININS) : rng.pick(PRENOMS_MASCULINS),
      dateNaissance: naissance(rng, jourCreation, ageEnfant),
      sexe: fille ? 'F' : 'M',
      lienParente: lien,
    });
  }
  return enfants;
}

/** One adult's income: a main resource by profile, with its contract type. */
function ressourcesAdulte(rng: Rng, age: number): { liste: Ressource[]; contrat: string } {
  if (age >= 63 && rng.chance(0.8)) {
    return { liste: [{ ressource: 'RET', montant: euros(rng, 650, 1850) }], contrat: 'RET' };
  }
  const u = rng.next();
  if (u < 0.52) {
    const cdi = rng.chance(0.6);
    const liste = [{ ressource: 'SAL', montant: euros(rng, 700, 2700) }];
    return { liste, contrat: cdi ? 'CDI' : rng.pick(['CDD', 'ART', 'APP']) };
  }
  if (u < 0.66)
    return { liste: [{ ressource: 'CHO', montant: euros(rng, 550, 1450) }], contrat: 'CHO' };
  if (u < 0.8)
    return { liste: [{ ressource: 'RSA', montant: euros(rng, 560, 720) }], contrat: 'AUT' };
  if (u < 0.88)
    return { liste: [{ ressource: 'AAH', montant: euros(rng, 900, 1016) }], contrat: 'AUT' };
  if (u < 0.93)
    return { liste: [{ ressource: 'PINV', montant: euros(rng, 450, 1200) }], contrat: 'AUT' };
  if (u < 0.96)
    return { liste: [{ ressource: 'BE', montant: euros(rng, 300, 650) }], contrat: 'ETU' };
  return { liste: [], contrat: 'AUT' };
}

/** Family benefits that come with dependants, and the odd other resource. */
function addPrestations(rng: Rng, liste: Ressource[], enfants: number, cotitulaires: number): void {
  if (enfants >= 2 || (enfants === 1 && rng.chance(0.4))) {
    liste.push({ ressource: 'AF', montant: euros(rng, 140, 140 + enfants * 180) });
  }
  if (enfants > 0 && rng.chance(0.25))
    liste.push({ ressource: 'PAJE', montant: euros(rng, 90, 190) });
  if (enfants > 0 && cotitulaires === 0 && rng.chance(0.3)) {
    liste.push({ ressource: 'PAR', montant: euros(rng, 120, 400) });
  }
  if (rng.chance(0.03))
    liste.push({
      ressource: rng.pick(['AEEH', 'AJPP', 'AMV', 'AUT']),
      montant: euros(rng, 50, 400),
    });
}

function revenuFiscal(rng: Rng, liste: readonly Ressource[], jourCreation: number): RevenuFiscal {
  const annee = new Date(jourCreation * 86_400_000).getUTCFullYear();
  const annuel = liste.reduce((s, r) => s + r.montant, 0) * 12;
  return {
    anneeMoins1: annee - 1,
    montantMoins1: Math.round(annuel * (0.85 + rng.next() * 0.25)),
    anneeMoins2: annee - 2,
    montantMoins2: Math.round(annuel * (0.8 + rng.next() * 0.3)),
  };
}

function naissance(rng: Rng, jourReference: number, age: number): string {
  return formatJour(jourReference - Math.floor(age * 365.25) - rng.int(0, 364));
}

function euros(rng: Rng, min: number, max: number): number {
  return Math.round((min + rng.next() * (max - min)) * 100) / 100;
}

function chiffres(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
  return out;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-');
}

export function pondere<T>(rng: Rng, choix: readonly (readonly [T, number])[]): T {
  const total = choix.reduce((s, [, w]) => s + w, 0);
  let target = rng.next() * total;
  for (const [value, weight] of choix) {
    target -= weight;
    if (target < 0) return value;
  }
  return (choix[choix.length - 1] as readonly [T, number])[0];
}
