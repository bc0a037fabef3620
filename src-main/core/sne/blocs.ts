// The content of a DLS as the unitary services return it, once parsed.
//
// Keys are the contract's element names (shared/contract/sne-soap.md, domain.md A2); a `liste*`
// element becomes an array of its children, a coded element (`<x code="ACTIF"/>`) becomes its
// code string, dates stay ISO strings ('YYYY-MM-DD', date-times with an offset), amounts are
// numbers in euros. The simulator generates these objects, the SOAP adapter renders and parses
// them, the store keeps them as JSON: one shape end to end. This file holds types only, so that
// the renderer may import it.

/** The nine blocks of a DLS, in the order the UI shows them. */
export const BLOCS = [
  'cerfa',
  'dalo',
  'evenements',
  'contingents',
  'attributions',
  'criteres',
  'cotation',
  'noteCotation',
  'pieces',
] as const;
export type Bloc = (typeof BLOCS)[number];

/** The heavy blocks: fetched on demand when the user chooses so. */
export const BLOCS_LOURDS: readonly Bloc[] = ['noteCotation', 'pieces'];

/** GDM `natures` values (wire) and the block each one names. */
export const NATURE_BLOC = {
  CERFA: 'cerfa',
  DALO: 'dalo',
  EVENEMENTS: 'evenements',
  CONTINGENTS: 'contingents',
  ATTRIBUTIONS: 'attributions',
  CRITERES: 'criteres',
  COTATION: 'cotation',
  NOTE_COTATION: 'noteCotation',
  PIECES: 'pieces',
} as const satisfies Record<string, Bloc>;
export type Nature = keyof typeof NATURE_BLOC;

export interface Ressource {
  ressource: string; // ListeRessourceRecue code: SAL, RET, CHO, ...
  montant: number; // monthly, euros
}

export interface RevenuFiscal {
  anneeMoins1: number;
  montantMoins1: number;
  anneeMoins2: number;
  montantMoins2: number;
}

export interface AdressePostale {
  numero: string | null;
  voie: string;
  codePostal: string;
  commune: string; // INSEE code
}

export interface Demandeur {
  civilite: string; // 1, 2, 3
  nom: string;
  prenom: string;
  dateNaissance: string;
  nationalite: string; // 1, 2, 3
  situationFamiliale: string; // C, M, D, S, P, U, V
  telPortable: string | null;
  mel: string | null;
  adressePostale: AdressePostale;
  situationProfessionnelle: { profession: string | null; typeContratTravail: string };
  revenuFiscal: RevenuFiscal;
  listeRessourceRecue: Ressource[];
}

export interface PersonneACharge {
  nom: string;
  prenom: string;
  dateNaissance: string;
  sexe: string; // M, F
  lienParente: string; // P, E, A
}

export interface Cotitulaire {
  nom: string;
  prenom: string;
  dateNaissance: string;
  lienDemandeur: string; // M, P, C, L
  listeRessourceRecue: Ressource[];
}

export interface LogementActuel {
  modeleLogement: string; // ListeModeleLogement
  montantMensuelLoyer: number | null;
  nombreHabitant: number;
  surface: number | null;
}

export interface LogementRecherche {
  demandeElargie: boolean;
  listeTypeLogement: string[]; // C, T1 ... T6P
  listeLocalisationSouhaite: { commune: string }[]; // INSEE codes, at least one
}

export interface Radiation {
  motifRadiation: string; // RADABA, RADATT, RADIRR, RADCON, RADREN
  sousMotifRadiation: string | null; // IRRSEJ, IRRRES when RADIRR
  dateRadiation: string;
}

/** getDemandeLogement: the Cerfa. */
export interface Cerfa {
  numUnique: string;
  numGuichet: string;
  dateCreationDemande: string;
  dateRenouvellement: string | null;
  motifDemande: string; // ListeMotifDemande, "01".."23"
  personnePhysique: { demandeur: Demandeur; listePersonneACharge: PersonneACharge[] };
  listeCotitulaire: Cotitulaire[];
  logementActuel: LogementActuel;
  logementRecherche: LogementRecherche;
  radiation: Radiation | null;
}

export interface Dalo {
  statutDalo: string; // NON, ACTIF, CADUC, ACTREL
  dateDecision: string | null;
  typologie: string | null;
}

export interface Evenement {
  type: string;
  date: string; // date-time
  guichet: string;
}

export interface Contingent {
  typeReservataire: string; // COLTER, COLACT, PPRIOR, PFONCT, AUTRES, AUCUN
  reservataire: string;
}

export interface Attribution {
  dateDecisionCAL: string;
  dateSignatureBail: string | null;
  identifiantRPLS: string;
  communeLogement: string; // INSEE code
  enQPV: boolean;
  codeQPV: string | null;
  accordCollectif: string; // ACD, ACI, AUCUN, NONDOC
  prioritaireDalo: boolean;
  typeReservataire: string;
  relogeANRU: boolean;
}

export interface Critere {
  code: string;
  libelle: string;
  valeur: string;
  prioriteLocale: boolean;
}

export interface Cotation {
  note: number;
  positionnement: number; // rank among similar demands, 1 = first
  delaiMoyenAttenteMois: number;
  dateCalcul: string;
  listeCritereCote: { code: string; libelle: string; points: number }[];
}

/** A binary carried as an XOP/MTOM attachment. */
export interface Fichier {
  contentType: string;
  octets: Uint8Array;
}

export interface NoteCotation {
  nomFichier: string;
  fichier: Fichier;
}

export interface PieceJustificative {
  type: string;
  nomFichier: string;
  dateDepot: string;
  taille: number;
  fichier: Fichier;
}

export interface BlocContenu {
  cerfa: Cerfa;
  dalo: Dalo;
  evenements: Evenement[];
  contingents: Contingent[];
  attributions: Attribution[];
  criteres: Critere[];
  cotation: Cotation | null; // null: the DLS has not been scored
  noteCotation: NoteCotation | null;
  pieces: PieceJustificative[];
}

/** A business anomaly (HTTP 200, listeAnomalie): permanent for that number. */
export interface Anomalie {
  code: string; // NUM_INCONNU, ACCES_REFUSE, CTRL_DEM_xxxx
  libelle: string;
}

/** What one unitary call gives back once parsed. */
export type ReponseUnitaire<B extends Bloc> =
  | { kind: 'bloc'; numUnique: string; dateFichier: string; contenu: BlocContenu[B] }
  | { kind: 'anomalies'; numUnique: string; dateFichier: string; anomalies: Anomalie[] };
