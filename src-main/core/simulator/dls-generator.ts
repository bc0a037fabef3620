// One generated DLS: its number, desired locations, Cerfa, DALO, contingents, attributions with
// their 3DS follow-up, criteria, cotation, documents, events and DRM lines. Everything comes from
// the Rng of its slot (deriveSeed(seed, 'dls', index)), so a DLS does not depend on the others.
import type {
  Attribution,
  BlocContenu,
  Cerfa,
  Contingent,
  Dalo,
  Evenement,
  Radiation,
} from '../sne/blocs.ts';
import { ACCORDS_COLLECTIFS, STATUTS_DALO, TYPES_LOGEMENT, TYPOLOGIES_DALO } from './code-lists.ts';
import { MODELES_LOGEMENT, MOTIFS_DEMANDE, TYPES_RESERVATAIRE } from './code-lists.ts';
import type { Commune, Geography } from './geography.ts';
import { ILE_DE_FRANCE } from './geography.ts';
import { genererMenage, pondere } from './menage-generator.ts';
import type { Menage } from './menage-generator.ts';
import type { AttributionSuivi, DrmLigne, SimDls, SimGuichet, StatutNir } from './model.ts';
import { RESERVATAIRES } from './names.ts';
import { createRng, deriveSeed } from './random.ts';
import type { Rng } from './random.ts';
import {
  genererCotation,
  genererCriteres,
  genererPieces,
  noteCotation,
} from './dossier-generator.ts';
import { genererDrm } from './drm-generator.ts';
import { quartile, ressourcesAnnuellesParUC } from './quartile.ts';
import { departementSur3 } from './reference-tables.ts';
import { formatJour, instantParis, isoParisRapide, parseJour, partsJour } from './sim-dates.ts';

export interface GenContext {
  seed: number;
  now: Date;
  /** Paris day number of now. */
  today: number;
  geo: Geography;
  guichets: readonly SimGuichet[];
}

/** Departments every data set holds, even a demo one: Corsica and the DROM. */
const DEPARTEMENTS_GARANTIS = ['2A', '2B', '971', '972', '973', '974', '976'];
const BAILLEUR_DEPARTEMENTS = new Set(['75', '77', '78', '91', '92', '93', '94', '95', '60', '27']);

export interface DlsGenere {
  dls: SimDls;
  /** Instants (ms) of the creation and radiation events: the week's history needs them. */
  creation: number;
  radiation: number | null;
}

/**
 * One DLS. What GDM, 3DS and the purge need (number, locations, NIR, DALO, attributions and
 * their follow-up, radiation) is drawn now; the other blocks and the DRM lines are drawn from
 * their own slots on first read, so that 100,000 DLS take seconds and little memory. Reading
 * them later or at once gives the same values.
 */
export function generateDls(ctx: GenContext, index: number): DlsGenere {
  const rng = createRng(deriveSeed(ctx.seed, 'dls', index));
  const localisations = choisirLocalisations(rng, ctx, index);
  const premiere = localisations[0] as Commune;
  const jourCreation = ctx.today - ageDemandeJours(rng);
  const numGuichet = guichetEnregistreur(rng, ctx, premiere.departement);
  const numUnique = numeroUnique(premiere, jourCreation, index, numGuichet);
  const dalo = genererDalo(rng, jourCreation, ctx.today);
  const destin = choisirDestin(rng, ctx, premiere, jourCreation);
  const statutNir = pondere<StatutNir>(rng, [
    ['PERMANENT', 86],
    ['TEMPORAIRE', 7],
    ['AUCUN', 7],
  ]);
  const etatCivilCoherent = statutNir !== 'PERMANENT' || !rng.chance(0.04);

  const attributions: Attribution[] = [];
  const suivis: AttributionSuivi[] = [];
  let radiation = destin.radiation;
  if (destin.attribution) {
    const menage = menageDe(ctx, index, premiere, jourCreation);
    const a = genererAttribution(rng, ctx, menage, dalo, localisations, destin.attribution);
    if (a) {
      attributions.push(a.attribution);
      suivis.push(a.suivi);
      if (dalo.statutDalo === 'ACTIF') dalo.statutDalo = 'ACTREL';
    }
  }
  if (radiation?.motifRadiation === 'RADATT' && attributions.length === 0) {
    // No commune of a 3DS territory to house them: the demand ends as abandoned instead.
    radiation = { ...radiation, motifRadiation: 'RADABA' };
  }
  const jourRadiation = radiation ? parseJour(radiation.dateRadiation) : null;
  const heures: Heures = {
    creation: rng.int(8 * 3600, 19 * 3600),
    radiation: rng.int(8 * 3600, 19 * 3600),
    auteurRadiation: suivis[0]?.bailleur ?? numGuichet,
  };

  const dls = {
    numUnique,
    communes: localisations.map((c) => c.code),
    departements: [...new Set(localisations.map((c) => c.departement))],
    statutNir,
    etatCivilCoherent,
  } as SimDls;
  const etat: Etat = {
    ctx,
    sq: { index, numUnique, numGuichet, jourCreation, localisations, dalo, radiation, heures },
    attributions,
  };
  Object.defineProperty(dls, ETAT, { value: etat, writable: false, enumerable: false });
  Object.defineProperty(dls, 'drm', ACCESSEUR_DRM);
  dls.suiviAttributions = suivis;
  // Personal data is erased one year after radiation; the purge runs monthly, hence 13 months.
  dls.purgee = jourRadiation !== null && ctx.today - jourRadiation > 395;
  Object.defineProperty(dls, 'blocs', ACCESSEUR_BLOCS);
  return {
    dls,
    creation: borne(ctx, jourCreation, heures.creation),
    radiation: jourRadiation === null ? null : borne(ctx, jourRadiation, heures.radiation),
  };
}

function menageDe(ctx: GenContext, index: number, premiere: Commune, jourCreation: number): Menage {
  const r = createRng(deriveSeed(ctx.seed, 'menage', index));
  const adresse = ctx.geo.pickCommune(r, { departement: premiere.departement });
  return genererMenage(r, adresse, jourCreation);
}

// The lazy parts of a DLS live in a hidden slot read by accessors shared by every DLS: no
// closure per DLS, which keeps 100,000 of them light for the garbage collector.
const ETAT = Symbol('etatSimDls');

interface Etat {
  ctx: GenContext;
  sq: Squelette;
  /** The attributions, kept here so that 3DS can read them without building the blocks. */
  attributions: Attribution[];
  blocs?: BlocContenu;
  drm?: DrmLigne[];
}

function etatDe(dls: SimDls): Etat | undefined {
  return (dls as SimDls & { [ETAT]?: Etat })[ETAT];
}

function construireBlocs(e: Etat): BlocContenu {
  const premiere = e.sq.localisations[0] as Commune;
  const menage = menageDe(e.ctx, e.sq.index, premiere, e.sq.jourCreation);
  return genererBlocs(e.ctx, e.sq, menage, e.attributions);
}

function construireDrm(e: Etat, statutNir: string): DrmLigne[] {
  if (statutNir !== 'PERMANENT') return [];
  const premiere = e.sq.localisations[0] as Commune;
  const menage = menageDe(e.ctx, e.sq.index, premiere, e.sq.jourCreation);
  const rng = createRng(deriveSeed(e.ctx.seed, 'drm', e.sq.index));
  return genererDrm(rng, menage.demandeur, e.ctx.now);
}

const ACCESSEUR_BLOCS: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: SimDls): BlocContenu {
    const e = etatDe(this) as Etat;
    return (e.blocs ??= construireBlocs(e));
  },
  set(this: SimDls, value: BlocContenu) {
    (etatDe(this) as Etat).blocs = value;
  },
};

const ACCESSEUR_DRM: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: SimDls): DrmLigne[] {
    const e = etatDe(this) as Etat;
    return (e.drm ??= construireDrm(e, this.statutNir));
  },
  set(this: SimDls, value: DrmLigne[]) {
    (etatDe(this) as Etat).drm = value;
  },
};

/** The attributions of a DLS, read without building its other blocks when they are not yet. */
export function attributionsDe(dls: SimDls): readonly Attribution[] {
  const e = etatDe(dls);
  return e?.blocs?.attributions ?? e?.attributions ?? dls.blocs.attributions;
}

interface Squelette {
  index: number;
  numUnique: string;
  numGuichet: string;
  jourCreation: number;
  localisations: readonly Commune[];
  dalo: Dalo;
  radiation: Radiation | null;
  heures: Heures;
}

/** The blocks that are drawn on first read, from the DLS's 'blocs' slot. */
function genererBlocs(
  ctx: GenContext,
  sq: Squelette,
  menage: Menage,
  attributions: Attribution[],
): BlocContenu {
  const rng = createRng(deriveSeed(ctx.seed, 'blocs', sq.index));
  const cerfa = genererCerfa(
    rng,
    sq.numUnique,
    sq.numGuichet,
    sq.jourCreation,
    menage,
    sq.localisations,
  );
  cerfa.radiation = sq.radiation;
  const criteres = genererCriteres(rng, menage, cerfa);
  const premiere = sq.localisations[0] as Commune;
  const reforme = premiere.territoire
    ? ctx.geo.territoires.get(premiere.territoire)?.soumisReforme
    : false;
  const cotation = reforme ? genererCotation(rng, criteres, sq.jourCreation, ctx.today) : null;
  const blocs: BlocContenu = {
    cerfa,
    dalo: sq.dalo,
    evenements: [],
    contingents: genererContingents(rng, sq.dalo),
    attributions,
    criteres,
    cotation,
    noteCotation: cotation ? noteCotation(sq.numUnique, cotation) : null,
    pieces: genererPieces(rng, sq.numUnique, sq.jourCreation, ctx.today),
  };
  blocs.evenements = genererEvenements(rng, blocs, ctx, sq.heures);
  return blocs;
}

function choisirLocalisations(rng: Rng, ctx: GenContext, index: number): Commune[] {
  const geo = ctx.geo;
  const garanti = DEPARTEMENTS_GARANTIS[index % 100];
  let premiere: Commune;
  if (garanti) premiere = geo.pickCommune(rng, { departement: garanti });
  else {
    const u = rng.next();
    if (u < 0.42) premiere = geo.pickCommune(rng, { region: ILE_DE_FRANCE });
    else if (u < 0.5) premiere = geo.pickCommune(rng, { departement: '22' });
    else if (u < 0.56) premiere = geo.pickCommune(rng, { departement: rng.pick(['60', '27']) });
    else premiere = geo.pickCommune(rng, 'FRANCE');
  }
  const out = [premiere];
  const autres = rng.chance(0.35) ? 0 : rng.int(1, 4);
  for (let k = 0; k < autres; k++) {
    const u = rng.next();
    const c =
      u < 0.65
        ? geo.pickCommune(rng, { departement: premiere.departement })
        : u < 0.92
          ? geo.pickCommune(rng, { region: premiere.region })
          : geo.pickCommune(rng, 'FRANCE');
    if (!out.some((o) => o.code === c.code)) out.push(c);
  }
  return out;
}

/** Age of a demand in days: a third under a year, the rest spread over six years. */
function ageDemandeJours(rng: Rng): number {
  const u = rng.next();
  if (u < 0.015) return rng.int(0, 6);
  if (u < 0.35) return rng.int(7, 364);
  if (u < 0.65) return rng.int(365, 729);
  return rng.int(730, 2190);
}

function guichetEnregistreur(rng: Rng, ctx: GenContext, departement: string): string {
  if (rng.chance(0.4)) return 'GDPUB';
  const local = ctx.guichets.find(
    (g) => g.type !== 'ACTION_LOGEMENT' && g.departements.includes(departement),
  );
  if (local && rng.chance(0.6)) return local.code;
  const suffixe =
    departement.length === 3 ? String(rng.int(1, 9)) : String(rng.int(1, 40)).padStart(2, '0');
  return `G${departement}${suffixe}`;
}

/** [territory 3][month 2][year 2][sequence 6][guichet 5] (domain.md A3, B8). */
function numeroUnique(
  premiere: Commune,
  jourCreation: number,
  index: number,
  guichet: string,
): string {
  const territoire =
    premiere.region === ILE_DE_FRANCE ? '111' : departementSur3(premiere.departement);
  const { annee, mois } = partsJour(jourCreation);
  // index -> sequence is a bijection modulo 10^6 (7,919 is prime): numbers stay unique.
  const sequence = (index * 7919 + 104_729) % 1_000_000;
  const mm = String(mois).padStart(2, '0');
  const yy = String(annee % 100).padStart(2, '0');
  return `${territoire}${mm}${yy}${String(sequence).padStart(6, '0')}${guichet}`;
}

function genererCerfa(
  rng: Rng,
  numUnique: string,
  numGuichet: string,
  jourCreation: number,
  menage: Menage,
  localisations: readonly Commune[],
): Cerfa {
  const taille = 1 + menage.cotitulaires.length + menage.personnesACharge.length;
  const modele = rng.pick(MODELES_LOGEMENT);
  const sansLoyer = ['SD', 'SQUAT', 'HOT', 'CAMCAR', 'CP'].includes(modele);
  const piecesVoulues = Math.min(6, Math.max(1, taille - (rng.chance(0.5) ? 1 : 0)));
  const types = [TYPES_LOGEMENT[piecesVoulues] ?? 'T6P'];
  if (rng.chance(0.4)) types.push(TYPES_LOGEMENT[Math.max(0, piecesVoulues - 1)] ?? 'T1');
  return {
    numUnique,
    numGuichet,
    dateCreationDemande: formatJour(jourCreation),
    dateRenouvellement: null,
    motifDemande: rng.pick(MOTIFS_DEMANDE),
    personnePhysique: {
      demandeur: menage.demandeur,
      listePersonneACharge: menage.personnesACharge,
    },
    listeCotitulaire: menage.cotitulaires,
    logementActuel: {
      modeleLogement: modele,
      montantMensuelLoyer: sansLoyer ? null : Math.round(250 + rng.next() * 900),
      nombreHabitant: taille + (rng.chance(0.15) ? rng.int(1, 3) : 0),
      surface: modele === 'SD' ? null : rng.int(9, 95),
    },
    logementRecherche: {
      demandeElargie: rng.chance(0.3),
      listeTypeLogement: [...new Set(types)],
      listeLocalisationSouhaite: localisations.map((c) => ({ commune: c.code })),
    },
    radiation: null,
  };
}

function genererDalo(rng: Rng, jourCreation: number, today: number): Dalo {
  const statut = pondere(rng, [
    ['NON', 88],
    ['ACTIF', 7],
    ['CADUC', 3],
    ['ACTREL', 2],
  ] as const);
  if (statut === 'NON' || today - jourCreation < 60) {
    return { statutDalo: STATUTS_DALO[0], dateDecision: null, typologie: null };
  }
  return {
    statutDalo: statut,
    dateDecision: formatJour(rng.int(jourCreation + 45, today - 1)),
    typologie: rng.pick(TYPOLOGIES_DALO),
  };
}

interface Destin {
  radiation: Radiation | null;
  attribution: {
    jourSignature: number | null;
    jourCAL: number;
    jourRadiation: number | null;
  } | null;
}

/** Whether the demand ended (and how), or got a dwelling whose lease is signed or pending. */
function choisirDestin(rng: Rng, ctx: GenContext, premiere: Commune, jourCreation: number): Destin {
  const zoneBailleur = BAILLEUR_DEPARTEMENTS.has(premiere.departement);
  const age = ctx.today - jourCreation;
  // Radiations spread evenly over the last 700 days; a demand too young for the drawn date stays
  // active, which also makes young demands less often radiated.
  const jourRadiation = ctx.today - rng.int(0, 700);
  if (rng.chance(zoneBailleur ? 0.34 : 0.24) && jourRadiation >= jourCreation + 30) {
    const motif = pondere(rng, [
      ['RADATT', 52],
      ['RADREN', 24],
      ['RADABA', 10],
      ['RADIRR', 7],
      ['RADCON', 7],
    ] as const);
    const radiation: Radiation = {
      motifRadiation: motif,
      sousMotifRadiation: motif === 'RADIRR' ? rng.pick(['IRRSEJ', 'IRRRES']) : null,
      dateRadiation: formatJour(jourRadiation),
    };
    if (motif !== 'RADATT') return { radiation, attribution: null };
    const jourSignature = jourRadiation - delaiSignatureRadiation(rng);
    const jourCAL = Math.max(jourCreation + 1, jourSignature - rng.int(7, 45));
    return {
      radiation,
      attribution: { jourSignature: Math.max(jourCAL, jourSignature), jourCAL, jourRadiation },
    };
  }
  // Active demands: some have a signed lease awaiting radiation, some a CAL decision only.
  if (age > 60 && rng.chance(zoneBailleur ? 0.06 : 0.03)) {
    const jourCAL = rng.int(ctx.today - 75, ctx.today - 1);
    const signe = rng.chance(0.6) && jourCAL < ctx.today - 7;
    return {
      radiation: null,
      attribution: {
        jourCAL,
        jourSignature: signe ? rng.int(jourCAL + 5, ctx.today - 1) : null,
        jourRadiation: null,
      },
    };
  }
  return { radiation: null, attribution: null };
}

/** Days from lease signature to radiation: mostly quick, some over a month. */
function delaiSignatureRadiation(rng: Rng): number {
  const u = rng.next();
  if (u < 0.7) return rng.int(0, 10);
  if (u < 0.9) return rng.int(11, 30);
  return rng.int(31, 90);
}

/** Days from radiation to its arrival in the SNE: mostly the same week, some over 30 days. */
export function delaiRemontee(rng: Rng): number {
  const u = rng.next();
  if (u < 0.75) return rng.int(0, 3);
  if (u < 0.9) return rng.int(4, 30);
  return rng.int(31, 80);
}

function genererAttribution(
  rng: Rng,
  ctx: GenContext,
  menage: Menage,
  dalo: Dalo,
  localisations: readonly Commune[],
  plan: NonNullable<Destin['attribution']>,
): { attribution: Attribution; suivi: AttributionSuivi } | null {
  const commune = communeLogement(rng, ctx, localisations);
  if (!commune?.territoire) return null;
  const jourQuartile = plan.jourSignature ?? plan.jourCAL;
  const parUC = ressourcesAnnuellesParUC(menage, jourQuartile);
  const seuil = ctx.geo.seuilQ1(commune.territoire, partsJour(jourQuartile).annee);
  const enQPV = commune.qpv.length > 0 && rng.chance(0.45);
  const typeReservataire = dalo.statutDalo === 'ACTIF' ? 'PPRIOR' : rng.pick(TYPES_RESERVATAIRE);
  const jourRemontee =
    plan.jourRadiation === null
      ? null
      : Math.min(ctx.today, plan.jourRadiation + delaiRemontee(rng));
  return {
    attribution: {
      dateDecisionCAL: formatJour(plan.jourCAL),
      dateSignatureBail: plan.jourSignature === null ? null : formatJour(plan.jourSignature),
      identifiantRPLS: `${commune.code}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
      communeLogement: commune.code,
      enQPV,
      codeQPV: enQPV ? rng.pick(commune.qpv) : null,
      accordCollectif: pondere(rng, [
        [ACCORDS_COLLECTIFS[2], 60],
        ['ACD', 15],
        ['ACI', 10],
        ['NONDOC', 15],
      ]),
      prioritaireDalo: dalo.statutDalo === 'ACTIF',
      typeReservataire,
      relogeANRU: rng.chance(commune.qpv.length > 0 ? 0.1 : 0.04),
    },
    suivi: {
      bailleur: bailleurDe(rng, ctx, commune.departement),
      epci: commune.territoire,
      quartile: quartile(parUC, seuil),
      ressourcesAnnuellesParUC: parUC,
      dateRadiation: plan.jourRadiation === null ? null : formatJour(plan.jourRadiation),
      dateRemonteeSNE: jourRemontee === null ? null : formatJour(jourRemontee),
    },
  };
}

/** Mostly a desired location; sometimes any commune of the department, rural ones included. */
function communeLogement(
  rng: Rng,
  ctx: GenContext,
  localisations: readonly Commune[],
): Commune | null {
  const premiere = localisations[0] as Commune;
  for (let essai = 0; essai < 6; essai++) {
    const c = rng.chance(0.7)
      ? rng.pick(localisations)
      : ctx.geo.pickCommuneUniforme(rng, premiere.departement);
    if (c.territoire) return c;
  }
  return null;
}

export function bailleurDe(rng: Rng, ctx: GenContext, departement: string): string {
  const bailleurs = ctx.guichets.filter(
    (g) => g.type === 'BAILLEUR' && g.departements.includes(departement),
  );
  if (bailleurs.length > 0 && rng.chance(0.7)) return rng.pick(bailleurs).code;
  return `G${departement}H${rng.int(1, 9)}`.slice(0, 5);
}

function genererContingents(rng: Rng, dalo: Dalo): Contingent[] {
  const out: Contingent[] = [];
  if (dalo.statutDalo === 'ACTIF' || dalo.statutDalo === 'ACTREL') {
    out.push({
      typeReservataire: 'PPRIOR',
      reservataire: RESERVATAIRES.PPRIOR?.[0] ?? 'Préfecture',
    });
  }
  const n = rng.chance(0.5) ? 0 : rng.int(1, 2);
  for (let k = 0; k < n; k++) {
    const type = rng.pick(TYPES_RESERVATAIRE);
    if (out.some((c) => c.typeReservataire === type)) continue;
    out.push({ typeReservataire: type, reservataire: rng.pick(RESERVATAIRES[type] ?? ['Autre']) });
  }
  return out;
}

/** The history the blocks imply: creation, renewals, DALO, CAL, radiation, a few changes. */
interface Heures {
  creation: number;
  radiation: number;
  /** Who radiated: the bailleur after an attribution, else the registering guichet. */
  auteurRadiation: string;
}

/** The history the blocks imply: creation, renewals, DALO, CAL, radiation, a few changes. */
function genererEvenements(
  rng: Rng,
  blocs: BlocContenu,
  ctx: GenContext,
  heures: Heures,
): Evenement[] {
  const cerfa = blocs.cerfa;
  const creation = parseJour(cerfa.dateCreationDemande);
  const fin = cerfa.radiation ? parseJour(cerfa.radiation.dateRadiation) : ctx.today;
  const guichet = cerfa.numGuichet;
  const out: { at: number; type: string; guichet: string }[] = [
    { at: borne(ctx, creation, heures.creation), type: 'CREATION', guichet },
  ];
  const autre = (jour: number, type: string): void => {
    out.push({ at: borne(ctx, jour, rng.int(8 * 3600, 19 * 3600)), type, guichet });
  };
  // Renewed every year before the anniversary while active (domain.md A4).
  for (let an = creation + 365; an <= fin; an += 365) {
    const jour = an - rng.int(0, 30);
    autre(jour, 'RENOUVELLEMENT');
    if (!cerfa.radiation) cerfa.dateRenouvellement = formatJour(jour);
  }
  if (blocs.dalo.dateDecision) autre(parseJour(blocs.dalo.dateDecision), 'DECISION_DALO');
  for (const a of blocs.attributions) autre(parseJour(a.dateDecisionCAL), 'DECISION_CAL');
  for (let k = rng.int(0, 2); k > 0; k--) {
    autre(rng.int(creation, fin), rng.pick(['MODIFICATION', 'COURRIER']));
  }
  if (cerfa.radiation) {
    out.push({
      at: borne(ctx, fin, heures.radiation),
      type: 'RADIATION',
      guichet: heures.auteurRadiation,
    });
  }
  return out
    .sort((a, b) => a.at - b.at)
    .map((e) => ({ type: e.type, date: isoParisRapide(e.at), guichet: e.guichet }));
}

/** A Paris day and time as an instant, never later than the generation's now. */
function borne(ctx: GenContext, jour: number, secondes: number): number {
  return Math.min(instantParis(jour, secondes).getTime(), ctx.now.getTime() - 60_000);
}
