// One plausible change to a DLS, as a guichet or the SNE would make it: an event, a Cerfa update,
// a renewal, a DALO decision, an attribution with its radiation, a cotation change, a new
// criterion or document, a contingent, a radiation or a déradiation. The movement generator
// calls it and publishes the blocks it returns as the movement's natures; those are exactly the
// blocks whose content changed.
import type { Bloc, Evenement } from '../sne/blocs.ts';
import { BLOCS } from '../sne/blocs.ts';
import { CRITERES, TYPES_RESERVATAIRE, TYPOLOGIES_DALO } from './code-lists.ts';
import { calculerCotation, noteCotation, piece } from './dossier-generator.ts';
import { delaiRemontee } from './dls-generator.ts';
import type { Commune } from './geography.ts';
import { loadGeography } from './geography.ts';
import { pondere } from './menage-generator.ts';
import type { SimDls } from './model.ts';
import { RESERVATAIRES } from './names.ts';
import { foyerDuCerfa, quartile, ressourcesAnnuellesParUC } from './quartile.ts';
import type { Rng } from './random.ts';
import { formatJour, isoParisRapide, jourParis, parseJour, partsJour } from './sim-dates.ts';

type Mutation = (dls: SimDls, rng: Rng, at: Date, guichet: string) => Bloc[] | null;

const ACTIVE: readonly (readonly [Mutation, number])[] = [
  [evenement, 22],
  [majCerfa, 18],
  [renouvellement, 10],
  [decisionDalo, 6],
  [attribution, 7],
  [changementCotation, 10],
  [nouveauCritere, 6],
  [nouvellePiece, 12],
  [contingent, 5],
  [radiation, 4],
];
const RADIEE: readonly (readonly [Mutation, number])[] = [
  [evenement, 1],
  [deradiation, 1],
];

/** Changes the DLS and returns the blocks it changed (BLOCS order); [] for a purged DLS. */
export function mutateDls(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] {
  if (dls.purgee) return [];
  const choix = dls.blocs.cerfa.radiation ? RADIEE : ACTIVE;
  // A drawn change may not apply (no cotation to change, say): draw again, then fall back to an event.
  for (let essai = 0; essai < 4; essai++) {
    const blocs = pondere(rng, choix)(dls, rng, at, guichet);
    if (blocs) return ordonner(blocs);
  }
  return ordonner(evenement(dls, rng, at, guichet) ?? []);
}

function ordonner(blocs: Bloc[]): Bloc[] {
  return BLOCS.filter((b) => blocs.includes(b));
}

function ajouterEvenement(dls: SimDls, type: string, at: Date, guichet: string): void {
  const e: Evenement = { type, date: isoParisRapide(at), guichet };
  dls.blocs.evenements.push(e);
}

function evenement(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] {
  ajouterEvenement(dls, rng.pick(['COURRIER', 'PROPOSITION_LOGEMENT', 'PASSAGE_CAL']), at, guichet);
  return ['evenements'];
}

function majCerfa(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] {
  const cerfa = dls.blocs.cerfa;
  const demandeur = cerfa.personnePhysique.demandeur;
  const u = rng.next();
  if (u < 0.35) demandeur.telPortable = `07${String(rng.int(10_000_000, 99_999_999))}`;
  else if (u < 0.7 && demandeur.listeRessourceRecue.length > 0) {
    const r = rng.pick(demandeur.listeRessourceRecue);
    r.montant = Math.round(r.montant * (1.02 + rng.next() * 0.1) * 100) / 100;
  } else {
    cerfa.logementActuel.montantMensuelLoyer = Math.round(300 + rng.next() * 900);
  }
  ajouterEvenement(dls, 'MODIFICATION', at, guichet);
  return ['cerfa', 'evenements'];
}

function renouvellement(dls: SimDls, _rng: Rng, at: Date, guichet: string): Bloc[] | null {
  const jour = formatJour(jourParis(at));
  if (dls.blocs.cerfa.dateRenouvellement === jour) return null;
  dls.blocs.cerfa.dateRenouvellement = jour;
  ajouterEvenement(dls, 'RENOUVELLEMENT', at, guichet);
  return ['cerfa', 'evenements'];
}

function decisionDalo(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] | null {
  const dalo = dls.blocs.dalo;
  if (dalo.statutDalo === 'NON') {
    dalo.statutDalo = 'ACTIF';
    dalo.typologie = rng.pick(TYPOLOGIES_DALO);
  } else if (dalo.statutDalo === 'ACTIF') dalo.statutDalo = 'CADUC';
  else return null;
  dalo.dateDecision = formatJour(jourParis(at));
  ajouterEvenement(dls, 'DECISION_DALO', at, guichet);
  return ['dalo', 'evenements'];
}

/** The bailleur (the calling guichet) records a signed lease and radiates the demand. */
function attribution(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] | null {
  const geo = loadGeography();
  const communes = dls.communes
    .map((code) => geo.communes.get(code))
    .filter((c): c is Commune => c?.territoire != null);
  if (communes.length === 0) return null;
  const commune = rng.pick(communes);
  const territoire = commune.territoire as string;
  const aujourdhui = jourParis(at);
  const jourRadiation = aujourdhui - delaiRemontee(rng);
  const jourSignature = jourRadiation - rng.int(0, 12);
  const blocs = dls.blocs;
  const parUC = ressourcesAnnuellesParUC(foyerDuCerfa(blocs.cerfa), jourSignature);
  const enQPV = commune.qpv.length > 0 && rng.chance(0.45);
  const dalo = blocs.dalo.statutDalo === 'ACTIF';
  blocs.attributions.push({
    dateDecisionCAL: formatJour(jourSignature - rng.int(7, 30)),
    dateSignatureBail: formatJour(jourSignature),
    identifiantRPLS: `${commune.code}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
    communeLogement: commune.code,
    enQPV,
    codeQPV: enQPV ? rng.pick(commune.qpv) : null,
    accordCollectif: rng.pick(['ACD', 'ACI', 'AUCUN', 'NONDOC']),
    prioritaireDalo: dalo,
    typeReservataire: dalo ? 'PPRIOR' : rng.pick(TYPES_RESERVATAIRE),
    relogeANRU: rng.chance(0.06),
  });
  dls.suiviAttributions.push({
    bailleur: guichet,
    epci: territoire,
    quartile: quartile(parUC, geo.seuilQ1(territoire, partsJour(jourSignature).annee)),
    ressourcesAnnuellesParUC: parUC,
    dateRadiation: formatJour(jourRadiation),
    dateRemonteeSNE: formatJour(aujourdhui),
  });
  blocs.cerfa.radiation = {
    motifRadiation: 'RADATT',
    sousMotifRadiation: null,
    dateRadiation: formatJour(jourRadiation),
  };
  ajouterEvenement(dls, 'RADIATION', at, guichet);
  if (!dalo) return ['cerfa', 'evenements', 'attributions'];
  blocs.dalo.statutDalo = 'ACTREL';
  return ['cerfa', 'dalo', 'evenements', 'attributions'];
}

function changementCotation(dls: SimDls, rng: Rng, at: Date): Bloc[] | null {
  return recoter(dls, rng, at) ? ['cotation', 'noteCotation'] : null;
}

function nouveauCritere(dls: SimDls, rng: Rng, at: Date): Bloc[] | null {
  const criteres = dls.blocs.criteres;
  const candidats = CRITERES.filter(
    (c) => c.code !== 'ANCIENNETE' && !criteres.some((k) => k.code === c.code),
  );
  if (candidats.length === 0) return null;
  const c = rng.pick(candidats);
  criteres.push({ code: c.code, libelle: c.libelle, valeur: 'OUI', prioriteLocale: c.local });
  return recoter(dls, rng, at) ? ['criteres', 'cotation', 'noteCotation'] : ['criteres'];
}

/** Recomputes the cotation of a scored DLS (new date, rank and criteria); false if unscored. */
function recoter(dls: SimDls, rng: Rng, at: Date): boolean {
  const blocs = dls.blocs;
  if (!blocs.cotation) return false;
  const creation = parseJour(blocs.cerfa.dateCreationDemande);
  const positionnement = Math.max(1, blocs.cotation.positionnement + rng.int(-60, 20));
  const delai = blocs.cotation.delaiMoyenAttenteMois + rng.int(-1, 1);
  // A new position on the same day still changes the block; the number is the block's identity.
  const cotation = calculerCotation(blocs.criteres, creation, jourParis(at), positionnement, delai);
  if (cotation.positionnement === blocs.cotation.positionnement) cotation.positionnement += 1;
  blocs.cotation = cotation;
  blocs.noteCotation = noteCotation(dls.numUnique, cotation);
  return true;
}

function nouvellePiece(dls: SimDls, rng: Rng, at: Date): Bloc[] {
  dls.blocs.pieces.push(piece(rng, dls.numUnique, jourParis(at)));
  return ['pieces'];
}

function contingent(dls: SimDls, rng: Rng): Bloc[] | null {
  const liste = dls.blocs.contingents;
  const libres = TYPES_RESERVATAIRE.filter((t) => !liste.some((c) => c.typeReservataire === t));
  if (libres.length === 0) return null;
  const type = rng.pick(libres);
  liste.push({ typeReservataire: type, reservataire: rng.pick(RESERVATAIRES[type] ?? ['Autre']) });
  return ['contingents'];
}

function radiation(dls: SimDls, rng: Rng, at: Date, guichet: string): Bloc[] {
  const motif = pondere(rng, [
    ['RADREN', 3],
    ['RADABA', 2],
    ['RADCON', 1],
    ['RADIRR', 1],
  ] as const);
  dls.blocs.cerfa.radiation = {
    motifRadiation: motif,
    sousMotifRadiation: motif === 'RADIRR' ? rng.pick(['IRRSEJ', 'IRRRES']) : null,
    dateRadiation: formatJour(jourParis(at)),
  };
  ajouterEvenement(dls, 'RADIATION', at, guichet);
  return ['cerfa', 'evenements'];
}

/** Reactivation keeps the number and the seniority (domain.md A4); not after an attribution. */
function deradiation(dls: SimDls, _rng: Rng, at: Date, guichet: string): Bloc[] | null {
  const cerfa = dls.blocs.cerfa;
  if (!cerfa.radiation || cerfa.radiation.motifRadiation === 'RADATT') return null;
  cerfa.radiation = null;
  ajouterEvenement(dls, 'DERADIATION', at, guichet);
  return ['cerfa', 'evenements'];
}
