// The simulator's 3DS report: who may ask, which years, which filters, and figures that match an
// independent recount of the generated attributions.
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src-main/core/simulator/data-generator.ts';
import { loadGeography } from '../../src-main/core/simulator/geography.ts';
import type { Params3ds, Reporting3ds } from '../../src-main/core/simulator/reporting3ds-sim.ts';
import { compute3ds } from '../../src-main/core/simulator/reporting3ds-sim.ts';

const NOW = new Date('2026-12-03T10:00:00Z');
const data = generateData({ seed: 3, volume: 900, now: NOW });
const geo = loadGeography();
// ANRU relocations are rare in generated data: mark two so that the count is exercised, one of
// them in Q1, which must not be counted twice.
for (const quartileVise of [2, 1]) {
  const cible = [...data.dls.values()].find((d) =>
    d.suiviAttributions.some(
      (s, i) =>
        s.bailleur === 'G1104' &&
        s.quartile === quartileVise &&
        d.blocs.attributions[i]?.enQPV === false &&
        !d.blocs.attributions[i]?.relogeANRU &&
        (d.blocs.attributions[i]?.dateSignatureBail ?? '') >= '2026-01-01',
    ),
  );
  const a = cible?.blocs.attributions[0];
  if (a) a.relogeANRU = true;
}
const TOUS: Params3ds = { annee: 2026, departements: [], epci: [], perimetreReforme: 'TOUS' };

function report(params: Partial<Params3ds>, now = NOW, guichet = 'G1104'): Reporting3ds {
  const r = compute3ds(data, guichet, { ...TOUS, ...params }, now);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.body;
}

function refusal(params: Partial<Params3ds>, now = NOW, guichet = 'G1104'): string {
  const r = compute3ds(data, guichet, { ...TOUS, ...params }, now);
  return r.ok ? 'ok' : `${r.status} ${r.code}`;
}

/** Recount straight from the data: G1104's leases signed from 1 January to the freeze date. */
function recount(debut: string, fin: string): Map<string, number[]> {
  const parEpci = new Map<string, number[]>(); // [horsQPV, q1, anru, enQPV, q234]
  for (const dls of data.dls.values()) {
    dls.suiviAttributions.forEach((s, i) => {
      const a = dls.blocs.attributions[i];
      const bail = a?.dateSignatureBail;
      if (s.bailleur !== 'G1104' || !a || !bail || bail < debut || bail > fin) return;
      const c = parEpci.get(s.epci) ?? [0, 0, 0, 0, 0];
      if (a.enQPV) {
        c[3] = (c[3] ?? 0) + 1;
        if (s.quartile >= 2) c[4] = (c[4] ?? 0) + 1;
      } else {
        c[0] = (c[0] ?? 0) + 1;
        if (s.quartile === 1) c[1] = (c[1] ?? 0) + 1;
        else if (a.relogeANRU) c[2] = (c[2] ?? 0) + 1;
      }
      parEpci.set(s.epci, c);
    });
  }
  return parEpci;
}

describe('compute3ds: access and year rule', () => {
  it('serves bailleurs only', () => {
    expect(refusal({}, NOW, 'G2201')).toBe('403 3DS_GUICHET_NON_BAILLEUR');
    expect(refusal({}, NOW, 'G6901')).toBe('403 3DS_GUICHET_NON_BAILLEUR');
    expect(refusal({}, NOW, 'GXXXX')).toBe('403 3DS_GUICHET_NON_BAILLEUR');
    expect(refusal({}, NOW, 'G1301')).toBe('ok');
  });

  it('allows N-1 or N before 1 March, only N from 1 March', () => {
    const fevrier = new Date('2026-02-28T20:00:00Z');
    expect(refusal({ annee: 2025 }, fevrier)).toBe('ok');
    expect(refusal({ annee: 2026 }, fevrier)).toBe('ok');
    expect(refusal({ annee: 2024 }, fevrier)).toBe('400 3DS_ANNEE_NON_AUTORISEE');
    // 23:30 UTC on 28 February is already 1 March in Paris.
    const mars = new Date('2026-02-28T23:30:00Z');
    expect(refusal({ annee: 2025 }, mars)).toBe('400 3DS_ANNEE_NON_AUTORISEE');
    expect(refusal({ annee: 2025 })).toBe('400 3DS_ANNEE_NON_AUTORISEE');
    expect(refusal({ annee: 2027 })).toBe('400 3DS_ANNEE_NON_AUTORISEE');
  });
});

describe('compute3ds: filters', () => {
  it('refuses unknown departments and EPCI, and an EPCI outside the chosen departments', () => {
    expect(refusal({ departements: ['ZZ'] })).toBe('400 3DS_FILTRE_INVALIDE');
    expect(refusal({ departements: ['975'] })).toBe('400 3DS_FILTRE_INVALIDE');
    expect(refusal({ epci: ['123456789'] })).toBe('400 3DS_FILTRE_INVALIDE');
    // Plaine Commune (EPT) has its seat in Seine-Saint-Denis.
    expect(refusal({ departements: ['75'], epci: ['200057867'] })).toBe('400 3DS_FILTRE_INVALIDE');
    expect(refusal({ departements: ['93'], epci: ['200057867'] })).toBe('ok');
  });

  it('keeps the rows of the chosen departments and reform perimeter', () => {
    const seine = report({ departements: ['93'] });
    expect(seine.detail.length).toBeGreaterThan(0);
    for (const row of [...seine.agrege, ...seine.detail]) expect(row.departement).toBe('93');
    const reforme = report({ perimetreReforme: 'REFORME' });
    const hors = report({ perimetreReforme: 'HORS_REFORME' });
    expect(reforme.agrege.length).toBeGreaterThan(0);
    expect(hors.agrege.length).toBeGreaterThan(0);
    expect(reforme.agrege.every((r) => r.soumisReforme && r.seuilQ1 !== null)).toBe(true);
    expect(hors.agrege.every((r) => !r.soumisReforme && r.seuilQ1 === null)).toBe(true);
    expect(reforme.detail.length + hors.detail.length).toBe(report({}).detail.length);
  });

  it('lists an EPCI asked for even without attributions, with null shares', () => {
    const vides = [...geo.territoires.values()].filter(
      (t) => t.departement === '60' && !report({}).agrege.some((r) => r.epci === t.siren),
    );
    const cible = vides[0];
    expect(cible).toBeDefined();
    const body = report({ epci: [cible?.siren ?? ''] });
    expect(body.detail).toEqual([]);
    expect(body.agrege).toEqual([
      expect.objectContaining({
        epci: cible?.siren,
        horsQPV: { attributions: 0, q1: 0, relogesANRU: 0, partQ1EtANRU: null },
        enQPV: { attributions: 0, q2q3q4: 0, partQ2Q3Q4: null },
      }),
    ]);
  });
});

describe('compute3ds: figures', () => {
  it('freezes at the end of the previous month and matches an independent recount', () => {
    const body = report({});
    expect(body.dateExtraction).toBe('2026-12-03');
    expect(body.dateArretDonnees).toBe('2026-11-30');
    expect(body.bailleur).toEqual({ guichet: 'G1104', siren: data.guichets.get('G1104')?.siren });
    const attendu = recount('2026-01-01', '2026-11-30');
    expect(body.agrege.map((r) => r.epci).sort()).toEqual([...attendu.keys()].sort());
    expect(attendu.size).toBeGreaterThanOrEqual(3);
    let total = 0;
    for (const row of body.agrege) {
      const [hors = 0, q1 = 0, anru = 0, qpv = 0, q234 = 0] = attendu.get(row.epci) ?? [];
      total += hors + qpv;
      expect(row.horsQPV).toEqual({
        attributions: hors,
        q1,
        relogesANRU: anru,
        partQ1EtANRU: hors === 0 ? null : (q1 + anru) / hors,
      });
      expect(row.enQPV).toEqual({
        attributions: qpv,
        q2q3q4: q234,
        partQ2Q3Q4: qpv === 0 ? null : q234 / qpv,
      });
      expect(row.departement).toBe(geo.territoires.get(row.epci)?.departement);
    }
    expect(body.detail).toHaveLength(total);
    expect(body.agrege.reduce((s, r) => s + (r.horsQPV.relogesANRU ?? 0), 0)).toBeGreaterThan(0);
    expect(body.detail.filter((r) => r.relogeANRU && r.quartile === 1).length).toBeGreaterThan(0);
  });

  it('reports the previous year in January and nothing yet for the new year', () => {
    const janvier = new Date('2027-01-10T10:00:00Z');
    const courant = report({ annee: 2027 }, janvier);
    expect(courant.dateArretDonnees).toBe('2026-12-31');
    expect(courant.detail).toEqual([]);
    const precedent = report({ annee: 2026 }, janvier);
    expect(precedent.detail.length).toBe(
      [...recount('2026-01-01', '2026-12-31').values()].reduce((s, c) => s + c[0]! + c[3]!, 0),
    );
  });

  it('gives each detail row its delays, and radiation dates only once they reached the SNE', () => {
    const body = report({});
    const days = (a: string, b: string): number =>
      Math.round((Date.parse(b) - Date.parse(a)) / 864e5);
    let long = 0;
    for (const row of body.detail) {
      expect(row.dateSignatureBail >= '2026-01-01' && row.dateSignatureBail <= '2026-11-30').toBe(
        true,
      );
      if (row.dateRadiation === null) {
        expect(row.delaiSignatureRadiationJours).toBeNull();
        expect(row.dateRemonteeSNE).toBeNull();
        continue;
      }
      expect(row.delaiSignatureRadiationJours).toBe(days(row.dateSignatureBail, row.dateRadiation));
      expect(row.delaiRemonteeRadiationJours).toBe(
        days(row.dateRadiation, row.dateRemonteeSNE ?? ''),
      );
      expect((row.dateRemonteeSNE ?? '') <= '2026-11-30').toBe(true);
      if ((row.delaiRemonteeRadiationJours ?? 0) > 30) long += 1;
    }
    expect(long).toBeGreaterThan(0);
    const cachees = [...data.dls.values()].filter((d) =>
      d.suiviAttributions.some(
        (s) =>
          s.bailleur === 'G1104' &&
          s.dateRemonteeSNE !== null &&
          s.dateRemonteeSNE > '2026-11-30' &&
          (d.blocs.attributions[0]?.dateSignatureBail ?? '9') <= '2026-11-30',
      ),
    );
    for (const d of cachees) {
      const row = body.detail.find((r) => r.numUnique === d.numUnique);
      expect(row?.dateRadiation).toBeNull();
    }
  });

  it('shows a bailleur only its own attributions', () => {
    const autres = [...data.dls.values()].filter((d) =>
      d.suiviAttributions.some((s) => s.bailleur !== 'G1104'),
    );
    expect(autres.length).toBeGreaterThan(0);
    const nums = new Set(report({}).detail.map((r) => r.numUnique));
    for (const d of autres) {
      if (d.suiviAttributions.every((s) => s.bailleur !== 'G1104')) {
        expect(nums.has(d.numUnique)).toBe(false);
      }
    }
  });
});
