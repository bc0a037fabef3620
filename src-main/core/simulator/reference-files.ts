// The contents of the reference files under resources/ (epci-departements.json, qpv.json,
// seuils-q1.json), built from the loaded geography. scripts/derive-reference-tables.ts writes
// them; a unit test checks that the committed files still equal what this module builds.
import { loadGeography } from './geography.ts';
import { ANNEES_SEUILS } from './reference-tables.ts';

export const SOURCE_GEOGRAPHIE = '@etalab/decoupage-administratif 6.0.0';

export interface ReferenceFiles {
  'epci-departements.json': {
    description: string;
    source: string;
    epci: Record<
      string,
      { departement: string; nom: string; type: string; soumisReforme: boolean }
    >;
  };
  'qpv.json': { description: string; communes: Record<string, string[]> };
  'seuils-q1.json': {
    description: string;
    annees: number[];
    seuils: Record<string, Record<string, number>>;
  };
}

export function referenceTables(): ReferenceFiles {
  const geo = loadGeography();
  const territoires = [...geo.territoires.values()].sort((a, b) => cmp(a.siren, b.siren));
  const epci: ReferenceFiles['epci-departements.json']['epci'] = {};
  const seuils: Record<string, Record<string, number>> = {};
  for (const t of territoires) {
    epci[t.siren] = {
      departement: t.departement,
      nom: t.nom,
      type: t.type,
      soumisReforme: t.soumisReforme,
    };
    if (!t.soumisReforme) continue;
    const parAnnee: Record<string, number> = {};
    for (const annee of ANNEES_SEUILS) parAnnee[String(annee)] = geo.seuilQ1(t.siren, annee);
    seuils[t.siren] = parAnnee;
  }
  const communes: Record<string, string[]> = {};
  for (const c of [...geo.communes.values()].sort((a, b) => cmp(a.code, b.code))) {
    if (c.qpv.length > 0) communes[c.code] = [...c.qpv];
  }
  return {
    'epci-departements.json': {
      description:
        "Département de chaque EPCI/EPT pour les filtres 3DS : celui de sa commune membre la plus peuplée (le paquet source n'a pas de siège). soumisReforme : EPT, métropoles, CU et CA ; CC avec un QPV, ou de 30 000 habitants avec une commune de 10 000.",
      source: SOURCE_GEOGRAPHIE,
      epci,
    },
    'qpv.json': {
      description:
        'QPV fictifs au format 2024 (QN + département sur 3 + numéro sur 2 + lettre) pour le simulateur : communes de 10 000 habitants ou plus, sauf une sur cinq environ. Ce ne sont pas les codes officiels.',
      communes,
    },
    'seuils-q1.json': {
      description:
        'Seuils du premier quartile (EUR par UC et par an) des EPCI/EPT soumis à la réforme, simulés autour des médianes des arrêtés (8 671 EUR en 2022, 9 243 EUR en 2023, +4 % par an ensuite) ; seuil régional unique en Île-de-France.',
      annees: [...ANNEES_SEUILS],
      seuils,
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
