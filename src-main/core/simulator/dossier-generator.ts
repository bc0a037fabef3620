// The instruction file of a generated DLS: criteria outside the Cerfa, the cotation computed from
// them, the cotation note and the supporting documents (both PDFs, built on first read).
import type { Cerfa, Cotation, Critere, NoteCotation, PieceJustificative } from '../sne/blocs.ts';
import { CRITERES, TYPES_PIECE } from './code-lists.ts';
import type { Menage } from './menage-generator.ts';
import { lazyPdfFichier } from './pdf.ts';
import type { Rng } from './random.ts';
import { formatJour } from './sim-dates.ts';

export function genererCriteres(rng: Rng, menage: Menage, cerfa: Cerfa): Critere[] {
  const codes = new Set<string>();
  if (
    menage.cotitulaires.length === 0 &&
    menage.personnesACharge.some((p) => p.lienParente === 'E')
  ) {
    codes.add('MONOPARENT');
  }
  if (['SD', 'SQUAT', 'HOT', 'CAMCAR'].includes(cerfa.logementActuel.modeleLogement))
    codes.add('SANS_LOGEMENT');
  if (cerfa.motifDemande === '05') codes.add('EXPULSION');
  if (cerfa.motifDemande === '06') codes.add('VIOLENCES');
  const n = rng.chance(0.5) ? 0 : rng.int(1, 2);
  for (let k = 0; k < n; k++) codes.add(rng.pick(CRITERES).code);
  codes.delete('ANCIENNETE');
  return CRITERES.filter((c) => codes.has(c.code)).map((c) => ({
    code: c.code,
    libelle: c.libelle,
    valeur: 'OUI',
    prioriteLocale: c.local,
  }));
}

/** The cotation: points of each criterion plus one point per year of seniority. */
export function genererCotation(
  rng: Rng,
  criteres: readonly Critere[],
  jourCreation: number,
  today: number,
): Cotation {
  const jourCalcul = Math.max(jourCreation, today - rng.int(0, 40));
  return calculerCotation(criteres, jourCreation, jourCalcul, rng.int(1, 900), rng.int(4, 72));
}

export function calculerCotation(
  criteres: readonly Critere[],
  jourCreation: number,
  jourCalcul: number,
  positionnement: number,
  delaiMoyenAttenteMois: number,
): Cotation {
  const liste = criteres.map((c) => ({
    code: c.code,
    libelle: c.libelle,
    points: CRITERES.find((r) => r.code === c.code)?.points ?? 0,
  }));
  const annees = Math.floor((jourCalcul - jourCreation) / 365);
  if (annees > 0)
    liste.push({ code: 'ANCIENNETE', libelle: 'Ancienneté de la demande', points: annees });
  return {
    note: liste.reduce((s, c) => s + c.points, 0),
    positionnement,
    delaiMoyenAttenteMois,
    dateCalcul: formatJour(jourCalcul),
    listeCritereCote: liste,
  };
}

/** The cotation note: a one-page PDF restating the cotation (its bytes built on first read). */
export function noteCotation(numUnique: string, cotation: Cotation): NoteCotation {
  const copie = structuredClone(cotation);
  return {
    nomFichier: `note-cotation-${numUnique}-${copie.dateCalcul}.pdf`,
    fichier: lazyPdfFichier(() => ({
      titre: 'Note de cotation de la demande de logement social',
      lignes: [
        `Demande n° ${numUnique}`,
        `Calculée le ${copie.dateCalcul}`,
        '',
        `Note : ${copie.note} points`,
        `Position parmi les demandes comparables : ${copie.positionnement}`,
        `Délai moyen d’attente des demandes comparables : ${copie.delaiMoyenAttenteMois} mois`,
        '',
        'Critères retenus :',
        ...copie.listeCritereCote.map((c) => `  – ${c.libelle} : ${c.points} point(s)`),
        '',
        'Document produit par le simulateur SNE : données fictives.',
      ],
    })),
  };
}

export function genererPieces(
  rng: Rng,
  numUnique: string,
  jourCreation: number,
  today: number,
): PieceJustificative[] {
  const n = rng.int(0, 3);
  const out: PieceJustificative[] = [];
  for (let k = 0; k < n; k++) out.push(piece(rng, numUnique, rng.int(jourCreation, today)));
  return out;
}

/** One document; its size is that of its PDF, so both are read lazily. */
export function piece(rng: Rng, numUnique: string, jourDepot: number): PieceJustificative {
  const type = rng.pick(TYPES_PIECE);
  const dateDepot = formatJour(jourDepot);
  const reference = rng.int(100_000, 999_999);
  const fichier = lazyPdfFichier(() => ({
    titre: type.libelle,
    lignes: [
      `Pièce justificative de la demande n° ${numUnique}`,
      `Déposée le ${dateDepot}, référence ${reference}`,
      '',
      'Copie numérique fictive produite par le simulateur SNE.',
    ],
  }));
  const p = {
    type: type.code,
    nomFichier: `${type.fichier}-${reference}.pdf`,
    dateDepot,
  } as PieceJustificative;
  Object.defineProperty(p, 'taille', {
    enumerable: true,
    configurable: true,
    get: () => fichier.octets.length,
  });
  p.fichier = fichier;
  return p;
}
