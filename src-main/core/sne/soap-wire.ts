// Every wire name of the SNE unitary SOAP services, and nothing else: namespaces, the endpoint,
// operation names, request and response wrappers, and the element schema of each block
// (shared/contract/sne-soap.md, domain.md A2). The codec, the client, the simulator and the WSDL
// all read these tables, so a renamed element changes here and only here.
import type { Bloc } from './blocs.ts';

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  ws: 'http://ws.metier.nuu.application.i2/',
  nuu: 'http://nuu.application.i2/',
  xop: 'http://www.w3.org/2004/08/xop/include',
} as const;

export const SERVICE = 'DemandeLogementImplService';
export const ENDPOINT_PATH = `/services/${SERVICE}/`;
export const VERSION_INTERFACE = '02.01';
/** entete/typeFichier of every answer of the unitary services: a digital copy. */
export const TYPE_FICHIER_COPIE = 'COP';

export const SOAP_ACTION_PREFIX = NS.ws;
export const ROOT_CONTENT_ID = 'root';
export const CERTIFICAT_CONTENT_ID = 'certificat';
export const CERTIFICAT_CONTENT_TYPE = 'application/x-x509-ca-cert';

/** Fault texts and codes of the contract's "Errors" section. */
export const FAULT = {
  receiver: 'Receiver',
  reasonInattendue: 'Une erreur inattendue est survenue lors du traitement de la demande.',
  reasonTropAppels:
    'Plus de 4 appels simultanés pour ce guichet : la règle d’usage du SNE est dépassée.',
  tropAppels: 'TROP_APPELS_PARALLELES',
} as const;

export const ANOMALIE = {
  numInconnu: 'NUM_INCONNU',
  accesRefuse: 'ACCES_REFUSE',
} as const;

// ---- Element schema ------------------------------------------------------------------------
// A node says how one value of blocs.ts travels: text, a number, a boolean, a coded empty
// element (`<x code="..."/>`), an XOP file, an object of named children, or a `liste*` element
// whose repeated children hold the items.

export type Noeud =
  | { t: 'texte' }
  | { t: 'nombre' }
  | { t: 'booleen' }
  | { t: 'code' }
  | { t: 'fichier' }
  | { t: 'objet'; champs: readonly Champ[] }
  | { t: 'liste'; item: string; noeud: Noeud };

export interface Champ {
  nom: string;
  noeud: Noeud;
  /** null in blocs.ts, element absent on the wire. */
  nullable?: boolean;
}

const texte: Noeud = { t: 'texte' };
const nombre: Noeud = { t: 'nombre' };
const booleen: Noeud = { t: 'booleen' };
const code: Noeud = { t: 'code' };
const fichier: Noeud = { t: 'fichier' };
const objet = (...champs: Champ[]): Noeud => ({ t: 'objet', champs });
const liste = (item: string, noeud: Noeud): Noeud => ({ t: 'liste', item, noeud });
const c = (nom: string, noeud: Noeud): Champ => ({ nom, noeud });
const n = (nom: string, noeud: Noeud): Champ => ({ nom, noeud, nullable: true });

const ressources = liste('detailRessource', objet(c('ressource', code), c('montant', nombre)));

const demandeur = objet(
  c('civilite', code),
  c('nom', texte),
  c('prenom', texte),
  c('dateNaissance', texte),
  c('nationalite', code),
  c('situationFamiliale', code),
  n('telPortable', texte),
  n('mel', texte),
  c(
    'adressePostale',
    objet(n('numero', texte), c('voie', texte), c('codePostal', texte), c('commune', code)),
  ),
  c('situationProfessionnelle', objet(n('profession', texte), c('typeContratTravail', code))),
  c(
    'revenuFiscal',
    objet(
      c('anneeMoins1', nombre),
      c('montantMoins1', nombre),
      c('anneeMoins2', nombre),
      c('montantMoins2', nombre),
    ),
  ),
  c('listeRessourceRecue', ressources),
);

/** The Cerfa: its fields sit directly in demandeLogement, numUnique first. */
export const CERFA_CHAMPS: readonly Champ[] = [
  c('numUnique', texte),
  c('numGuichet', texte),
  c('dateCreationDemande', texte),
  n('dateRenouvellement', texte),
  c('motifDemande', code),
  c(
    'personnePhysique',
    objet(
      c('demandeur', demandeur),
      c(
        'listePersonneACharge',
        liste(
          'personneACharge',
          objet(
            c('nom', texte),
            c('prenom', texte),
            c('dateNaissance', texte),
            c('sexe', code),
            c('lienParente', code),
          ),
        ),
      ),
    ),
  ),
  c(
    'listeCotitulaire',
    liste(
      'cotitulaire',
      objet(
        c('nom', texte),
        c('prenom', texte),
        c('dateNaissance', texte),
        c('lienDemandeur', code),
        c('listeRessourceRecue', ressources),
      ),
    ),
  ),
  c(
    'logementActuel',
    objet(
      c('modeleLogement', code),
      n('montantMensuelLoyer', nombre),
      c('nombreHabitant', nombre),
      n('surface', nombre),
    ),
  ),
  c(
    'logementRecherche',
    objet(
      c('demandeElargie', booleen),
      c('listeTypeLogement', liste('typeLogement', code)),
      c('listeLocalisationSouhaite', liste('localisationSouhaite', objet(c('commune', code)))),
    ),
  ),
  n(
    'radiation',
    objet(c('motifRadiation', code), n('sousMotifRadiation', code), c('dateRadiation', texte)),
  ),
];

export interface Operation<B extends Bloc = Bloc> {
  bloc: B;
  /** The operation name (SOAP action suffix, WSDL operation). */
  nom: string;
  /** ws:<requete> request wrapper, ws:<reponse> response wrapper. */
  requete: string;
  reponse: string;
  /**
   * The block's element inside demandeLogement and its schema; null for the Cerfa, whose
   * fields are demandeLogement's own (CERFA_CHAMPS).
   */
  champ: Champ | null;
}

const operation = <B extends Bloc>(
  bloc: B,
  nom: string,
  base: string,
  champ: Champ | null,
): Operation<B> => ({
  bloc,
  nom,
  requete: `${base}Parametres`,
  reponse: `${base}Reponse`,
  champ,
});

export const OPERATIONS: { readonly [B in Bloc]: Operation<B> } = {
  cerfa: operation('cerfa', 'getDemandeLogement', 'demandeLogement', null),
  dalo: operation(
    'dalo',
    'getDalo',
    'dalo',
    c('dalo', objet(c('statutDalo', code), n('dateDecision', texte), n('typologie', code))),
  ),
  evenements: operation(
    'evenements',
    'getEvenements',
    'evenements',
    c(
      'listeEvenement',
      liste('evenement', objet(c('type', code), c('date', texte), c('guichet', texte))),
    ),
  ),
  contingents: operation(
    'contingents',
    'getContingents',
    'contingents',
    c(
      'listeContingent',
      liste('contingent', objet(c('typeReservataire', code), c('reservataire', texte))),
    ),
  ),
  attributions: operation(
    'attributions',
    'getAttributions',
    'attributions',
    c(
      'listeAttribution',
      liste(
        'attribution',
        objet(
          c('dateDecisionCAL', texte),
          n('dateSignatureBail', texte),
          c('identifiantRPLS', texte),
          c('communeLogement', code),
          c('enQPV', booleen),
          n('codeQPV', texte),
          c('accordCollectif', code),
          c('prioritaireDalo', booleen),
          c('typeReservataire', code),
          c('relogeANRU', booleen),
        ),
      ),
    ),
  ),
  criteres: operation(
    'criteres',
    'getCriteresHorsCerfa',
    'criteresHorsCerfa',
    c(
      'listeCritere',
      liste(
        'critere',
        objet(
          c('code', texte),
          c('libelle', texte),
          c('valeur', texte),
          c('prioriteLocale', booleen),
        ),
      ),
    ),
  ),
  cotation: operation(
    'cotation',
    'getCotation',
    'cotation',
    n(
      'cotation',
      objet(
        c('note', nombre),
        c('positionnement', nombre),
        c('delaiMoyenAttenteMois', nombre),
        c('dateCalcul', texte),
        c(
          'listeCritereCote',
          liste('critere', objet(c('code', texte), c('libelle', texte), c('points', nombre))),
        ),
      ),
    ),
  ),
  noteCotation: operation(
    'noteCotation',
    'getNoteCotation',
    'noteCotation',
    n('noteCotation', objet(c('nomFichier', texte), c('fichier', fichier))),
  ),
  pieces: operation(
    'pieces',
    'getPiecesJustificatives',
    'piecesJustificatives',
    c(
      'listePieceJustificative',
      liste(
        'piece',
        objet(
          c('type', code),
          c('nomFichier', texte),
          c('dateDepot', texte),
          c('taille', nombre),
          c('fichier', fichier),
        ),
      ),
    ),
  ),
};

const PAR_REQUETE = new Map(Object.values(OPERATIONS).map((op) => [op.requete, op]));
const PAR_NOM = new Map(Object.values(OPERATIONS).map((op) => [op.nom, op]));

export function operationParRequete(wrapper: string): Operation | undefined {
  return PAR_REQUETE.get(wrapper);
}

/** From a SOAP action (`http://ws.metier.nuu.application.i2/getDalo`) or a bare name. */
export function operationParAction(action: string): Operation | undefined {
  return PAR_NOM.get(action.slice(action.lastIndexOf('/') + 1));
}

export function soapAction(op: Operation): string {
  return `${SOAP_ACTION_PREFIX}${op.nom}`;
}

/** Element names of the interfaceNuu envelope around every block. */
export const ELEMENT = {
  interfaceNuu: 'interfaceNuu',
  versionInterface: 'versionInterface',
  entete: 'entete',
  typeFichier: 'typeFichier',
  dateFichier: 'dateFichier',
  demande: 'demande',
  demandeLogement: 'demandeLogement',
  numUnique: 'numUnique',
  listeAnomalie: 'listeAnomalie',
  anomalie: 'anomalie',
  libelle: 'libelle',
  code: 'code',
  contentType: 'contentType',
  include: 'Include',
  href: 'href',
  nomCertificat: 'nomCertificat',
  certificat: 'certificat',
  fault: 'Fault',
} as const;

/** `nomCertificat` as SNE validates it: CER<guichet>-<yyyyMMddHHmm>.pem. */
export function nomCertificat(guichet: string, at: Date): string {
  const p = (v: number): string => String(v).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}${p(at.getHours())}${p(at.getMinutes())}`;
  return `CER${guichet}-${stamp}.pem`;
}
