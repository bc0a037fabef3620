import { describe, expect, it } from 'vitest';
import type { Filtres3ds } from '../../src-main/core/api-types.ts';
import {
  comparer3ds,
  controlerAgregats,
  type AttributionLocale,
} from '../../src-main/core/reporting/compare-3ds.ts';
import type { LigneDetail3ds, Rapport3ds } from '../../src-main/core/reporting/rapport-3ds.ts';

const LYON = '200046977';

function detail(num: string, patch: Partial<LigneDetail3ds> = {}): LigneDetail3ds {
  return {
    numUnique: num,
    departement: '69',
    epci: LYON,
    communeLogement: '69123',
    enQPV: false,
    codeQPV: null,
    quartile: 1,
    ressourcesAnnuellesParUC: 7000,
    relogeANRU: false,
    dateSignatureBail: '2025-03-10',
    dateRadiation: '2025-03-12',
    delaiSignatureRadiationJours: 2,
    dateRemonteeSNE: '2025-03-13',
    delaiRemonteeRadiationJours: 1,
    ...patch,
  };
}

function locale(num: string, patch: Partial<AttributionLocale> = {}): AttributionLocale {
  return {
    numUnique: num,
    dateSignatureBail: '2025-03-10',
    communeLogement: '69123',
    enQPV: false,
    dateRadiation: '2025-03-12',
    guichetRadiation: null,
    ...patch,
  };
}

// Every demand of these tests is in the cache unless a test says otherwise.
const enCache = { has: () => true } as unknown as ReadonlySet<string>;

function rapport(lignes: LigneDetail3ds[]): Rapport3ds {
  return {
    annee: 2025,
    dateExtraction: '2025-06-02',
    dateArretDonnees: '2025-05-31',
    bailleur: { guichet: 'G1104', siren: null },
    detail: lignes,
    agrege: [
      {
        departement: '69',
        epci: LYON,
        nomEpci: 'Métropole de Lyon',
        soumisReforme: true,
        seuilQ1: 9243,
        horsQPV: {
          attributions: lignes.filter((l) => !l.enQPV).length,
          q1: 0,
          relogesANRU: 0,
          partQ1EtANRU: 0,
        },
        enQPV: { attributions: 0, q2q3q4: 0, partQ2Q3Q4: null },
      },
    ],
  };
}

const filtres: Filtres3ds = { annee: 2025, departements: ['69'], epci: [], perimetre: 'TOUS' };
const perimetre = { filtres, dateArretDonnees: '2025-05-31' };
const N = (i: number): string => `069031800000${String(i)}G1104`;

describe('3DS cross-check with the cache', () => {
  it('finds nothing to report when both sides agree (apart from the aggregate check)', () => {
    const r = comparer3ds(rapport([detail(N(1))]), [locale(N(1))], perimetre, enCache);
    expect(r.ecarts.filter((e) => e.type !== 'AGREGAT_INCOHERENT')).toEqual([]);
    expect(r).toMatchObject({ attributionsLocales: 1, attributionsSne: 1 });
  });

  it('lists attributions missing on either side and disagreeing dates', () => {
    const sne = [detail(N(1)), detail(N(2), { dateSignatureBail: '2025-04-01' }), detail(N(3))];
    const cache = [
      locale(N(1), { dateRadiation: '2025-03-20' }),
      locale(N(2), { dateSignatureBail: '2025-04-03' }),
      locale(N(4)),
    ];
    const ecarts = comparer3ds(rapport(sne), cache, perimetre, enCache).ecarts;
    const byType = Object.fromEntries(
      [
        'DATE_RADIATION_DIFFERENTE',
        'DATE_SIGNATURE_DIFFERENTE',
        'ABSENTE_DU_CACHE',
        'ABSENTE_DU_SNE',
      ].map((t) => [t, ecarts.filter((e) => e.type === t)]),
    );
    expect(byType.DATE_RADIATION_DIFFERENTE?.map((e) => [e.numUnique, e.local, e.sne])).toEqual([
      [N(1), '2025-03-20', '2025-03-12'],
    ]);
    expect(byType.DATE_SIGNATURE_DIFFERENTE?.map((e) => [e.numUnique, e.local, e.sne])).toEqual([
      [N(2), '2025-04-03', '2025-04-01'],
    ]);
    expect(byType.ABSENTE_DU_CACHE?.map((e) => e.numUnique)).toEqual([N(3)]);
    expect(byType.ABSENTE_DU_SNE?.map((e) => e.numUnique)).toEqual([N(4)]);
    expect(byType.ABSENTE_DU_SNE?.[0]?.message).toMatch(/10\/03\/2025/);
  });

  it('leaves out local attributions outside the year, the data date or the departments', () => {
    const cache = [
      locale(N(5), { dateSignatureBail: '2024-12-31' }),
      locale(N(6), { dateSignatureBail: '2025-06-01' }),
      locale(N(7), { communeLogement: '42218' }),
      locale(N(8), { communeLogement: '97411' }),
    ];
    const r = comparer3ds(rapport([]), cache, perimetre, enCache);
    expect(r.attributionsLocales).toBe(0);
    const outreMer = comparer3ds(
      rapport([]),
      cache,
      { ...perimetre, filtres: { ...filtres, departements: ['974'] } },
      enCache,
    );
    expect(outreMer.ecarts.map((e) => e.numUnique)).toEqual([N(8)]);
  });

  it('applies an EPCI selection to the cache through the commune table', () => {
    const r = comparer3ds(
      rapport([]),
      [locale(N(1)), locale(N(2), { communeLogement: '69091' })],
      {
        filtres: { ...filtres, epci: [LYON] },
        dateArretDonnees: '2025-05-31',
        epciDeCommune: (c) => (c === '69123' ? LYON : '246900245'),
      },
      enCache,
    );
    expect(r.ecarts.filter((e) => e.type === 'ABSENTE_DU_SNE').map((e) => e.numUnique)).toEqual([
      N(1),
    ]);
  });

  it('pairs two attributions of one DLS by their lease dates', () => {
    const sne = [
      detail(N(1), { dateSignatureBail: '2025-02-01' }),
      detail(N(1), { dateSignatureBail: '2025-05-01' }),
    ];
    const cache = [locale(N(1), { dateSignatureBail: '2025-05-01' })];
    const ecarts = comparer3ds(rapport(sne), cache, perimetre, enCache).ecarts.filter(
      (e) => e.type !== 'AGREGAT_INCOHERENT',
    );
    expect(ecarts.map((e) => [e.type, e.sne])).toEqual([['ABSENTE_DU_CACHE', '2025-02-01']]);
  });
});

describe('3DS cross-check scope', () => {
  it('counts SNE rows on demands the cache does not hold instead of listing them', () => {
    const r = comparer3ds(
      rapport([detail(N(1)), detail(N(2))]),
      [locale(N(1))],
      perimetre,
      new Set([N(1)]),
    );
    expect(r.ecarts.filter((e) => e.type === 'ABSENTE_DU_CACHE')).toEqual([]);
    expect(r.demandesHorsCache).toBe(1);
    const synced = comparer3ds(
      rapport([detail(N(1)), detail(N(2))]),
      [locale(N(1))],
      perimetre,
      new Set([N(1), N(2)]),
    );
    expect(
      synced.ecarts.filter((e) => e.type === 'ABSENTE_DU_CACHE').map((e) => e.numUnique),
    ).toEqual([N(2)]);
  });

  it("leaves out local attributions another bailleur radiated, and keeps the caller's own", () => {
    const cache = [
      locale(N(1), { guichetRadiation: 'G1301' }),
      locale(N(2), { guichetRadiation: 'G1104' }),
      locale(N(3)),
    ];
    const r = comparer3ds(rapport([]), cache, perimetre, enCache);
    expect(r.attributionsAutresBailleurs).toBe(1);
    expect(r.ecarts.filter((e) => e.type === 'ABSENTE_DU_SNE').map((e) => e.numUnique)).toEqual([
      N(2),
      N(3),
    ]);
  });
});

describe('3DS aggregates against the detail', () => {
  it('flags an aggregated count that its own detail does not support', () => {
    const lignes = [
      detail(N(1), { quartile: 1 }),
      detail(N(2), { quartile: 3, relogeANRU: true }),
      detail(N(3), { quartile: 2 }),
      detail(N(4), { enQPV: true, quartile: 2 }),
      detail(N(5), { enQPV: true, quartile: 1 }),
    ];
    const r = rapport(lignes);
    const ligne = r.agrege[0];
    if (!ligne) throw new Error('fixture');
    ligne.horsQPV = { attributions: 3, q1: 1, relogesANRU: 1, partQ1EtANRU: 2 / 3 };
    ligne.enQPV = { attributions: 2, q2q3q4: 1, partQ2Q3Q4: 0.5 };
    expect(controlerAgregats(r)).toEqual([]);
    ligne.enQPV.q2q3q4 = 2;
    const ecarts = controlerAgregats(r);
    expect(ecarts).toHaveLength(1);
    expect(ecarts[0]).toMatchObject({ type: 'AGREGAT_INCOHERENT', local: '1', sne: '2' });
    expect(ecarts[0]?.message).toMatch(/Q2 à Q4 en QPV/);
  });
});
