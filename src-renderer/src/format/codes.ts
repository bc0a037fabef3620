// Labels of the SNE code lists the screens show (domain.md A2). A code the table does not know
// is shown as itself: the SNE may add codes before this table learns them.
import type { Bloc } from '../../../src-main/core/sne/blocs.ts';

type Table = Readonly<Record<string, string>>;

export const STATUT_DALO: Table = {
  NON: 'Pas de DALO',
  ACTIF: 'DALO actif',
  CADUC: 'DALO caduc',
  ACTREL: 'DALO actif relogé',
};

export const MOTIF_RADIATION: Table = {
  RADABA: 'Abandon',
  RADATT: 'Attribution d’un logement',
  RADIRR: 'Irrecevabilité',
  RADCON: 'Impossibilité de contact',
  RADREN: 'Non-renouvellement',
};

export const SOUS_MOTIF_RADIATION: Table = {
  IRRSEJ: 'Séjour irrégulier',
  IRRRES: 'Ressources au-dessus du plafond',
};

export const TYPE_RESERVATAIRE: Table = {
  COLTER: 'Collectivités territoriales et EPCI',
  COLACT: 'Employeurs et Action Logement',
  PPRIOR: 'Préfet — publics prioritaires',
  PFONCT: 'Préfet — fonctionnaires de l’État',
  AUTRES: 'Autres réservataires',
  AUCUN: 'Hors contingent',
};

export const ACCORD_COLLECTIF: Table = {
  ACD: 'Accord collectif départemental',
  ACI: 'Accord collectif intercommunal',
  AUCUN: 'Aucun accord collectif',
  NONDOC: 'Non renseigné',
};

export const RESSOURCE: Table = {
  SAL: 'Salaires',
  RET: 'Retraite',
  CHO: 'Allocations chômage',
  PAR: 'Pension alimentaire reçue',
  PINV: 'Pension d’invalidité',
  AF: 'Allocations familiales',
  AAH: 'Allocation adulte handicapé',
  AEEH: 'Allocation d’éducation de l’enfant handicapé',
  AJPP: 'Allocation journalière de présence parentale',
  RSA: 'Revenu de solidarité active',
  AMV: 'Allocation minimum vieillesse',
  PAJE: 'Prestation d’accueil du jeune enfant',
  BE: 'Bourse étudiant',
  AUT: 'Autres ressources',
};

export const MODELE_LOGEMENT: Table = {
  HLM: 'Locataire HLM',
  LP: 'Locataire parc privé',
  RS: 'Résidence sociale',
  RHVS: 'Résidence hôtelière à vocation sociale',
  RE: 'Résidence étudiante',
  SLHT: 'Sous-locataire ou hébergé temporairement',
  SH: 'Structure d’hébergement',
  CDEFCM: 'Centre de l’enfance, foyer, centre maternel',
  CPE: 'Chez les parents ou les enfants',
  CP: 'Chez un particulier',
  LTG: 'Logé à titre gratuit',
  FONC: 'Logement de fonction',
  POCC: 'Propriétaire occupant',
  CAMCAR: 'Camping, caravane',
  HOT: 'Hôtel',
  SD: 'Sans abri',
  SQUAT: 'Squat',
};

export const MOTIF_DEMANDE: Table = {
  '01': 'Sans logement propre',
  '05': 'Procédure d’expulsion',
  '06': 'Violences familiales',
  '09': 'Logement trop cher',
  '13': 'Logement trop petit',
  '23': 'Autre motif',
};

export const SITUATION_FAMILIALE: Table = {
  C: 'Célibataire',
  M: 'Marié(e)',
  D: 'Divorcé(e)',
  S: 'Séparé(e)',
  P: 'Pacsé(e)',
  U: 'Union libre',
  V: 'Veuf(ve)',
};

export const LIEN_PARENTE: Table = { P: 'Parent', E: 'Enfant', A: 'Autre' };
export const LIEN_DEMANDEUR: Table = {
  M: 'Conjoint(e) marié(e)',
  P: 'Partenaire de PACS',
  C: 'Concubin(e)',
  L: 'Autre lien',
};
export const CONTRAT_TRAVAIL: Table = {
  CDI: 'CDI',
  CDD: 'CDD, intérim',
  ART: 'Artisan, commerçant, profession libérale',
  CHO: 'Chômage',
  APP: 'Apprenti',
  ETU: 'Étudiant',
  RET: 'Retraité',
  AUT: 'Autre',
};

/** "ACTIF — DALO actif": the code then its label, or the code alone when unknown. */
export function libelle(table: Table, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const label = table[code];
  return label ? `${code} — ${label}` : code;
}

/** The label alone (falls back to the code). */
export function libelleCourt(table: Table, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return table[code] ?? code;
}

/** The blocks of a DLS as the agent names them. */
export const NOM_BLOC: Record<Bloc, string> = {
  cerfa: 'Cerfa',
  dalo: 'DALO',
  evenements: 'Événements',
  contingents: 'Contingents',
  attributions: 'Attributions',
  criteres: 'Critères',
  cotation: 'Cotation',
  noteCotation: 'Note de cotation',
  pieces: 'Pièces justificatives',
};
