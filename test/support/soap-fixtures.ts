// Hand-built blocks for the SOAP tests: every field of blocs.ts filled once, optional ones both
// present and absent, text that needs escaping, and binary files with every byte value.
import type { BlocContenu, Cerfa } from '../../src-main/core/sne/blocs.ts';

export function octetsPdf(taille: number, graine: number): Uint8Array {
  const octets = new Uint8Array(taille);
  const entete = Buffer.from('%PDF-1.4\n', 'latin1');
  octets.set(entete.subarray(0, Math.min(entete.length, taille)));
  for (let i = entete.length; i < taille; i++) octets[i] = (i * 31 + graine) % 256;
  return octets;
}

function cerfa(numUnique: string): Cerfa {
  return {
    numUnique,
    numGuichet: 'G1104',
    dateCreationDemande: '2024-03-15',
    dateRenouvellement: null,
    motifDemande: '09',
    personnePhysique: {
      demandeur: {
        civilite: '2',
        nom: "L'Écuyer & <Fils>",
        prenom: 'Zoé "Zaza"',
        dateNaissance: '1987-06-01',
        nationalite: '1',
        situationFamiliale: 'M',
        telPortable: '0612345678',
        mel: null,
        adressePostale: {
          numero: null,
          voie: 'rue des Lilas',
          codePostal: '20000',
          commune: '2A004',
        },
        situationProfessionnelle: { profession: 'aide-soignante', typeContratTravail: 'CDI' },
        revenuFiscal: {
          anneeMoins1: 2023,
          montantMoins1: 21345.5,
          anneeMoins2: 2022,
          montantMoins2: 0,
        },
        listeRessourceRecue: [
          { ressource: 'SAL', montant: 1650.12 },
          { ressource: 'AF', montant: 140 },
        ],
      },
      listePersonneACharge: [
        { nom: 'Martin', prenom: 'Léo', dateNaissance: '2015-02-03', sexe: 'M', lienParente: 'E' },
      ],
    },
    listeCotitulaire: [],
    logementActuel: {
      modeleLogement: 'LP',
      montantMensuelLoyer: 780.4,
      nombreHabitant: 3,
      surface: null,
    },
    logementRecherche: {
      demandeElargie: true,
      listeTypeLogement: ['T3'],
      listeLocalisationSouhaite: [{ commune: '2A004' }, { commune: '97411' }],
    },
    radiation: {
      motifRadiation: 'RADIRR',
      sousMotifRadiation: 'IRRRES',
      dateRadiation: '2024-11-02',
    },
  };
}

export function blocsExemple(numUnique = '0931124000123G1104'): BlocContenu {
  return {
    cerfa: cerfa(numUnique),
    dalo: { statutDalo: 'ACTIF', dateDecision: '2024-10-17', typologie: '03' },
    evenements: [
      { type: 'CRE', date: '2024-03-15T10:00:00.000+01:00', guichet: 'G1104' },
      { type: 'MOD', date: '2024-06-01T08:30:12.500+02:00', guichet: 'G2201' },
    ],
    contingents: [{ typeReservataire: 'COLACT', reservataire: 'Action Logement' }],
    attributions: [
      {
        dateDecisionCAL: '2024-09-10',
        dateSignatureBail: null,
        identifiantRPLS: 'RPLS-000123',
        communeLogement: '93066',
        enQPV: true,
        codeQPV: 'QN09312M',
        accordCollectif: 'ACI',
        prioritaireDalo: false,
        typeReservataire: 'PPRIOR',
        relogeANRU: false,
      },
    ],
    criteres: [
      { code: 'VIOL', libelle: 'Violences <familiales>', valeur: 'OUI', prioriteLocale: true },
    ],
    cotation: {
      note: 42.5,
      positionnement: 17,
      delaiMoyenAttenteMois: 26,
      dateCalcul: '2024-12-01',
      listeCritereCote: [
        { code: 'ANC', libelle: 'Ancienneté', points: 12 },
        { code: 'SUR', libelle: 'Sur-occupation', points: 30.5 },
      ],
    },
    noteCotation: {
      nomFichier: 'note-cotation.pdf',
      fichier: { contentType: 'application/pdf', octets: octetsPdf(3000, 7) },
    },
    pieces: [
      {
        type: 'AVIS_IMPOSITION',
        nomFichier: 'avis.pdf',
        dateDepot: '2024-04-02',
        taille: 2048,
        fichier: { contentType: 'application/pdf', octets: octetsPdf(2048, 1) },
      },
      {
        type: 'PIECE_IDENTITE',
        nomFichier: 'cni.pdf',
        dateDepot: '2024-04-03',
        taille: 600,
        fichier: { contentType: 'application/pdf', octets: octetsPdf(600, 2) },
      },
    ],
  };
}

/** The same DLS with every list empty and every optional block absent. */
export function blocsVides(numUnique = '0931124000124G1104'): BlocContenu {
  const plein = blocsExemple(numUnique);
  return {
    ...plein,
    cerfa: { ...plein.cerfa, radiation: null, listeCotitulaire: [] },
    dalo: { statutDalo: 'NON', dateDecision: null, typologie: null },
    evenements: [],
    contingents: [],
    attributions: [],
    criteres: [],
    cotation: null,
    noteCotation: null,
    pieces: [],
  };
}
