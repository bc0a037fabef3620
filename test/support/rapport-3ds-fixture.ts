// SNE-shaped 3DS answers for the export benchmark: deterministic, any size, every column filled
// (including null dates and delays above the reliability threshold).
import type { Extraction3ds, Rapport3ds } from '../../src-main/core/reporting/rapport-3ds.ts';
import type { LigneDetail3ds } from '../../src-main/core/api-types.ts';

export function rapport3dsSynthetique(lignesDetail: number, epciCount = 40): Rapport3ds {
  const epci = Array.from({ length: epciCount }, (_, i) => ({
    siren: String(200000000 + i * 7919),
    departement: i % 5 === 0 ? '2A' : String(10 + (i % 80)).padStart(2, '0'),
  }));
  const detail: LigneDetail3ds[] = [];
  for (let i = 0; i < lignesDetail; i++) {
    const e = epci[i % epciCount] ?? { siren: '200000000', departement: '13' };
    const enQPV = i % 3 === 0;
    const jour = 1 + (i % 28);
    const radiation = i % 7 === 0 ? null : `2025-04-${String(jour).padStart(2, '0')}`;
    detail.push({
      numUnique: `${e.departement.padStart(3, '0')}0425${String(i).padStart(6, '0')}G1104`,
      departement: e.departement,
      epci: e.siren,
      communeLogement: `${e.departement}${String(100 + (i % 800)).padStart(3, '0')}`,
      enQPV,
      codeQPV: enQPV ? `QN0${e.departement}0${String(i % 9)}M` : null,
      quartile: ((i % 4) + 1) as 1 | 2 | 3 | 4,
      ressourcesAnnuellesParUC: 5000 + ((i * 37) % 20000),
      relogeANRU: i % 11 === 0,
      dateSignatureBail: `2025-03-${String(jour).padStart(2, '0')}`,
      dateRadiation: radiation,
      delaiSignatureRadiationJours: radiation === null ? null : 31,
      dateRemonteeSNE: radiation,
      delaiRemonteeRadiationJours: radiation === null ? null : i % 40,
    });
  }
  return {
    annee: 2025,
    dateExtraction: '2025-06-02',
    dateArretDonnees: '2025-05-31',
    bailleur: { guichet: 'G1104', siren: '775663439' },
    agrege: epci.map((e, i) => {
      const rows = detail.filter((d) => d.epci === e.siren);
      const hors = rows.filter((d) => !d.enQPV);
      const dans = rows.filter((d) => d.enQPV);
      const q1 = hors.filter((d) => d.quartile === 1).length;
      const anru = hors.filter((d) => d.quartile !== 1 && d.relogeANRU).length;
      const q234 = dans.filter((d) => d.quartile !== 1).length;
      return {
        departement: e.departement,
        epci: e.siren,
        nomEpci: `Communauté d'agglomération n° ${String(i + 1)} – Île-de-Ré`,
        soumisReforme: i % 2 === 0,
        seuilQ1: i % 2 === 0 ? 9243 : null,
        horsQPV: {
          attributions: hors.length,
          q1,
          relogesANRU: anru,
          partQ1EtANRU: hors.length ? (q1 + anru) / hors.length : null,
        },
        enQPV: {
          attributions: dans.length,
          q2q3q4: q234,
          partQ2Q3Q4: dans.length ? q234 / dans.length : null,
        },
      };
    }),
    detail,
  };
}

export function extractionSynthetique(lignesDetail: number): Extraction3ds {
  const rapport = rapport3dsSynthetique(lignesDetail);
  return {
    id: 1,
    extraitLe: '2025-06-02T10:15:00.000+02:00',
    filtres: { annee: 2025, departements: [], epci: [], perimetre: 'TOUS' },
    rapport,
  };
}
