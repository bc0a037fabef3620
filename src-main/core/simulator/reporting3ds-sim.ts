// The 3DS report of the simulator (contract Reporting3ds, domain.md A5): the calling bailleur's
// attributions with a lease signed from 1 January of the year to dateArretDonnees (the last day
// of the previous month), per EPCI/EPT and in detail.
//
// Choices the sources leave open:
// - An attribution belongs to the EPCI/EPT of its dwelling's commune, and to the department of
//   that territory's seat (the most populous member, see reference-tables.ts); the detail rows
//   carry the same department, so that filters and rows agree.
// - The SNE keeps attribution statistics after a DLS is purged, so purged DLS still count.
// - A radiation appears once it has reached the SNE by dateArretDonnees; before that the row has
//   no radiation dates, as the SNE did not know them at the freeze.
// - Aggregated rows: every territory with at least one attribution in the period, plus the
//   EPCI/EPT explicitly asked for (with zeros and null shares).
import type { SimData } from './context.ts';
import { attributionsDe } from './dls-generator.ts';
import type { Geography, Territoire } from './geography.ts';
import { loadGeography } from './geography.ts';
import { formatJour, jourDe, jourParis, parseJour, partsJour } from './sim-dates.ts';

export type PerimetreReforme = 'TOUS' | 'REFORME' | 'HORS_REFORME';

export interface Params3ds {
  annee: number;
  departements: string[];
  epci: string[];
  perimetreReforme: PerimetreReforme;
}

export interface Agrege3ds {
  departement: string;
  epci: string;
  nomEpci: string;
  soumisReforme: boolean;
  seuilQ1: number | null;
  horsQPV: { attributions: number; q1: number; relogesANRU: number; partQ1EtANRU: number | null };
  enQPV: { attributions: number; q2q3q4: number; partQ2Q3Q4: number | null };
}

export interface Detail3ds {
  numUnique: string;
  departement: string;
  epci: string;
  communeLogement: string;
  enQPV: boolean;
  codeQPV: string | null;
  quartile: 1 | 2 | 3 | 4;
  ressourcesAnnuellesParUC: number;
  relogeANRU: boolean;
  dateSignatureBail: string;
  dateRadiation: string | null;
  delaiSignatureRadiationJours: number | null;
  dateRemonteeSNE: string | null;
  delaiRemonteeRadiationJours: number | null;
}

export interface Reporting3ds {
  annee: number;
  dateExtraction: string;
  dateArretDonnees: string;
  bailleur: { guichet: string; siren: string };
  agrege: Agrege3ds[];
  detail: Detail3ds[];
}

export interface Refus3ds {
  ok: false;
  status: number;
  code: string;
  message: string;
}

export type Resultat3ds = { ok: true; body: Reporting3ds } | Refus3ds;

export function compute3ds(
  data: SimData,
  guichet: string,
  params: Params3ds,
  now: Date,
): Resultat3ds {
  const bailleur = data.guichets.get(guichet);
  if (!bailleur || bailleur.type !== 'BAILLEUR') {
    return refus(
      403,
      '3DS_GUICHET_NON_BAILLEUR',
      'Le reporting 3DS est réservé aux guichets de type bailleur.',
    );
  }
  const today = jourParis(now);
  const refusAnnee = verifierAnnee(params.annee, today);
  if (refusAnnee) return refusAnnee;
  const geo = loadGeography();
  const perimetre = territoiresRetenus(geo, params);
  if (!perimetre.ok) return perimetre;

  const { annee, mois } = partsJour(today);
  const arret = jourDe(annee, mois, 0);
  const debut = jourDe(params.annee, 1, 1);
  const fin = Math.min(jourDe(params.annee, 12, 31), arret);
  const detail = lignesDetail(data, guichet, perimetre.territoires, debut, fin, arret);
  return {
    ok: true,
    body: {
      annee: params.annee,
      dateExtraction: formatJour(today),
      dateArretDonnees: formatJour(arret),
      bailleur: { guichet, siren: bailleur.siren },
      agrege: agreger(geo, detail, perimetre.demandes, params.annee),
      detail,
    },
  };
}

/** Before 1 March of N, N-1 or N; from 1 March, only N. */
function verifierAnnee(demandee: number, today: number): Resultat3ds | null {
  const { annee, mois } = partsJour(today);
  const permises = mois < 3 ? [annee - 1, annee] : [annee];
  if (permises.includes(demandee)) return null;
  return refus(
    400,
    '3DS_ANNEE_NON_AUTORISEE',
    mois < 3
      ? `Avant le 1er mars, seules les années ${annee - 1} et ${annee} sont disponibles.`
      : `À partir du 1er mars, seule l’année ${annee} est disponible.`,
  );
}

/** The EPCI/EPT the filters keep; an unknown code or an EPCI outside the departments is refused. */
function territoiresRetenus(
  geo: Geography,
  params: Params3ds,
): { ok: true; territoires: Map<string, Territoire>; demandes: Territoire[] } | Refus3ds {
  const inconnu = params.departements.find((d) => !geo.departements.has(d));
  if (inconnu !== undefined) {
    return refus(400, '3DS_FILTRE_INVALIDE', `Département inconnu : « ${inconnu.slice(0, 12)} ».`);
  }
  const demandes: Territoire[] = [];
  for (const siren of params.epci) {
    const t = geo.territoires.get(siren);
    if (!t)
      return refus(400, '3DS_FILTRE_INVALIDE', `EPCI/EPT inconnu : « ${siren.slice(0, 12)} ».`);
    if (params.departements.length > 0 && !params.departements.includes(t.departement)) {
      return refus(
        400,
        '3DS_FILTRE_INVALIDE',
        `L’EPCI/EPT ${t.nom} a son siège dans le département ${t.departement}, hors des départements choisis.`,
      );
    }
    demandes.push(t);
  }
  const candidats = demandes.length > 0 ? demandes : [...geo.territoires.values()];
  const territoires = new Map<string, Territoire>();
  for (const t of candidats) {
    if (params.departements.length > 0 && !params.departements.includes(t.departement)) continue;
    if (params.perimetreReforme === 'REFORME' && !t.soumisReforme) continue;
    if (params.perimetreReforme === 'HORS_REFORME' && t.soumisReforme) continue;
    territoires.set(t.siren, t);
  }
  return { ok: true, territoires, demandes: demandes.filter((t) => territoires.has(t.siren)) };
}

function lignesDetail(
  data: SimData,
  guichet: string,
  territoires: ReadonlyMap<string, Territoire>,
  debut: number,
  fin: number,
  arret: number,
): Detail3ds[] {
  const out: Detail3ds[] = [];
  for (const dls of data.dls.values()) {
    if (dls.suiviAttributions.length === 0) continue;
    dls.suiviAttributions.forEach((suivi, i) => {
      const territoire = territoires.get(suivi.epci);
      if (suivi.bailleur !== guichet || !territoire) return;
      const a = attributionsDe(dls)[i];
      if (!a?.dateSignatureBail) return;
      const signature = parseJour(a.dateSignatureBail);
      if (signature < debut || signature > fin) return;
      const connue = suivi.dateRemonteeSNE !== null && parseJour(suivi.dateRemonteeSNE) <= arret;
      const radiation = connue && suivi.dateRadiation ? parseJour(suivi.dateRadiation) : null;
      const remontee = connue && suivi.dateRemonteeSNE ? parseJour(suivi.dateRemonteeSNE) : null;
      out.push({
        numUnique: dls.numUnique,
        departement: territoire.departement,
        epci: territoire.siren,
        communeLogement: a.communeLogement,
        enQPV: a.enQPV,
        codeQPV: a.codeQPV,
        quartile: suivi.quartile,
        ressourcesAnnuellesParUC: suivi.ressourcesAnnuellesParUC,
        relogeANRU: a.relogeANRU,
        dateSignatureBail: a.dateSignatureBail,
        dateRadiation: radiation === null ? null : formatJour(radiation),
        delaiSignatureRadiationJours: radiation === null ? null : radiation - signature,
        dateRemonteeSNE: remontee === null ? null : formatJour(remontee),
        delaiRemonteeRadiationJours:
          remontee === null || radiation === null ? null : remontee - radiation,
      });
    });
  }
  return out.sort(
    (x, y) =>
      cmp(x.departement, y.departement) ||
      cmp(x.epci, y.epci) ||
      cmp(x.dateSignatureBail, y.dateSignatureBail) ||
      cmp(x.numUnique, y.numUnique),
  );
}

function agreger(
  geo: Geography,
  detail: readonly Detail3ds[],
  demandes: readonly Territoire[],
  annee: number,
): Agrege3ds[] {
  const lignes = new Map<string, Agrege3ds>();
  const ligne = (t: Territoire): Agrege3ds => {
    let l = lignes.get(t.siren);
    if (!l) {
      l = {
        departement: t.departement,
        epci: t.siren,
        nomEpci: t.nom,
        soumisReforme: t.soumisReforme,
        seuilQ1: t.soumisReforme ? geo.seuilQ1(t.siren, annee) : null,
        horsQPV: { attributions: 0, q1: 0, relogesANRU: 0, partQ1EtANRU: null },
        enQPV: { attributions: 0, q2q3q4: 0, partQ2Q3Q4: null },
      };
      lignes.set(t.siren, l);
    }
    return l;
  };
  for (const t of demandes) ligne(t);
  for (const d of detail) {
    const l = ligne(geo.territoires.get(d.epci) as Territoire);
    if (d.enQPV) {
      l.enQPV.attributions += 1;
      if (d.quartile > 1) l.enQPV.q2q3q4 += 1;
    } else {
      l.horsQPV.attributions += 1;
      if (d.quartile === 1) l.horsQPV.q1 += 1;
      else if (d.relogeANRU) l.horsQPV.relogesANRU += 1;
    }
  }
  for (const l of lignes.values()) {
    const h = l.horsQPV;
    h.partQ1EtANRU = h.attributions === 0 ? null : (h.q1 + h.relogesANRU) / h.attributions;
    l.enQPV.partQ2Q3Q4 = l.enQPV.attributions === 0 ? null : l.enQPV.q2q3q4 / l.enQPV.attributions;
  }
  return [...lignes.values()].sort(
    (x, y) => cmp(x.departement, y.departement) || cmp(x.epci, y.epci),
  );
}

function refus(status: number, code: string, message: string): Refus3ds {
  return { ok: false, status, code, message };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
