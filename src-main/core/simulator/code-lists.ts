// The SNE code lists the simulator draws from (domain.md A2, libsne's Constantes.py). Lists
// marked "simulator" have no public source: their codes are the project's own.

export const STATUTS_DALO = ['NON', 'ACTIF', 'CADUC', 'ACTREL'] as const;
// prettier-ignore
export const TYPOLOGIES_DALO = [
  '01', '02', '03', '04', '05', '06', '08', '09', '21', '22', '23', '24', '25', '26', '27', '28',
  '30', '31', '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '99',
] as const;
export const TYPES_RESERVATAIRE = [
  'COLTER',
  'COLACT',
  'PPRIOR',
  'PFONCT',
  'AUTRES',
  'AUCUN',
] as const;
export const ACCORDS_COLLECTIFS = ['ACD', 'ACI', 'AUCUN', 'NONDOC'] as const;
export const MOTIFS_RADIATION = ['RADABA', 'RADATT', 'RADIRR', 'RADCON', 'RADREN'] as const;
export const SOUS_MOTIFS_IRRECEVABILITE = ['IRRSEJ', 'IRRRES'] as const;
export const TYPES_LOGEMENT = ['C', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6P'] as const;
// prettier-ignore
export const RESSOURCES_RECUES = [
  'SAL', 'RET', 'CHO', 'PAR', 'PINV', 'AF', 'AAH', 'AEEH', 'AJPP', 'RSA', 'AMV', 'PAJE', 'BE', 'AUT',
] as const;
export const TYPES_CONTRAT = ['CDI', 'CDD', 'ART', 'CHO', 'APP', 'ETU', 'RET', 'AUT'] as const;
// prettier-ignore
export const MODELES_LOGEMENT = [
  'HLM', 'LP', 'RS', 'RHVS', 'RE', 'SLHT', 'SH', 'CDEFCM', 'CPE', 'CP', 'LTG', 'FONC', 'POCC',
  'CAMCAR', 'HOT', 'SD', 'SQUAT',
] as const;
export const MOTIFS_DEMANDE = Array.from({ length: 23 }, (_, i) => String(i + 1).padStart(2, '0'));
export const CIVILITES = ['1', '2', '3'] as const;
export const NATIONALITES = ['1', '2', '3'] as const;
export const SITUATIONS_FAMILIALES = ['C', 'M', 'D', 'S', 'P', 'U', 'V'] as const;
export const LIENS_DEMANDEUR = ['M', 'P', 'C', 'L'] as const;
export const LIENS_PARENTE = ['P', 'E', 'A'] as const;
export const SEXES = ['M', 'F'] as const;

/** Event types (simulator). */
export const TYPES_EVENEMENT = [
  'CREATION',
  'MODIFICATION',
  'RENOUVELLEMENT',
  'PROPOSITION_LOGEMENT',
  'PASSAGE_CAL',
  'DECISION_CAL',
  'RADIATION',
  'DERADIATION',
  'DECISION_DALO',
  'COURRIER',
] as const;

/** Criteria outside the Cerfa and local priorities (simulator), with their cotation points. */
export const CRITERES: readonly {
  code: string;
  libelle: string;
  points: number;
  local: boolean;
}[] = [
  { code: 'HANDICAP', libelle: 'Personne en situation de handicap', points: 15, local: false },
  { code: 'VIOLENCES', libelle: 'Violences au sein du couple', points: 25, local: false },
  { code: 'EXPULSION', libelle: "Procédure d'expulsion en cours", points: 20, local: false },
  { code: 'SANS_LOGEMENT', libelle: 'Sans logement ou hébergé', points: 20, local: false },
  { code: 'INSALUBRE', libelle: 'Logement indigne ou insalubre', points: 18, local: false },
  { code: 'SUROCCUPATION', libelle: 'Suroccupation du logement', points: 10, local: false },
  { code: 'MONOPARENT', libelle: 'Famille monoparentale', points: 5, local: true },
  { code: 'TAUX_EFFORT', libelle: "Taux d'effort supérieur à 40 %", points: 10, local: true },
  { code: 'RAPPROCHEMENT', libelle: 'Rapprochement du lieu de travail', points: 6, local: true },
  { code: 'MUTATION', libelle: 'Demande de mutation dans le parc social', points: 4, local: true },
  { code: 'ANCIENNETE', libelle: 'Ancienneté de la demande', points: 1, local: true },
];

/** Supporting document types (simulator) and their file name stem. */
export const TYPES_PIECE: readonly { code: string; libelle: string; fichier: string }[] = [
  { code: 'IDENTITE', libelle: "Pièce d'identité", fichier: 'piece-identite' },
  { code: 'AVIS_IMPOSITION', libelle: "Avis d'imposition", fichier: 'avis-imposition' },
  { code: 'BULLETIN_SALAIRE', libelle: 'Bulletin de salaire', fichier: 'bulletin-salaire' },
  {
    code: 'JUSTIF_DOMICILE',
    libelle: 'Justificatif de domicile',
    fichier: 'justificatif-domicile',
  },
  { code: 'TITRE_SEJOUR', libelle: 'Titre de séjour', fichier: 'titre-sejour' },
  { code: 'ATTESTATION_CAF', libelle: 'Attestation CAF', fichier: 'attestation-caf' },
  { code: 'JUGEMENT', libelle: "Jugement d'expulsion", fichier: 'jugement' },
];
