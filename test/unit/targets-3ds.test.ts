import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LigneAgregee3ds } from '../../src-main/core/reporting/rapport-3ds.ts';
import {
  evaluerCible,
  evaluerCibles,
  libelleCible,
  totaliser,
} from '../../src-main/core/reporting/targets-3ds.ts';

function ligne(hors: [number, number, number], qpv: [number, number]): LigneAgregee3ds {
  return {
    departement: '69',
    epci: '200046977',
    nomEpci: 'Métropole de Lyon',
    soumisReforme: true,
    seuilQ1: 9243,
    horsQPV: { attributions: hors[0], q1: hors[1], relogesANRU: hors[2], partQ1EtANRU: null },
    enQPV: { attributions: qpv[0], q2q3q4: qpv[1], partQ2Q3Q4: null },
  };
}

describe('3DS legal targets', () => {
  it('counts Q1 and ANRU together outside QPV and meets 25 % exactly', () => {
    const c = evaluerCibles(ligne([8, 1, 1], [4, 2]));
    expect(c.horsQPV).toEqual({ part: 0.25, cible: 0.25, atteinte: true, ecartPoints: 0 });
    expect(c.enQPV).toEqual({ part: 0.5, cible: 0.5, atteinte: true, ecartPoints: 0 });
  });

  it('reports a miss with the gap in points, one decimal', () => {
    const c = evaluerCibles(ligne([30, 5, 1], [7, 3]));
    expect(c.horsQPV.atteinte).toBe(false);
    expect(c.horsQPV.ecartPoints).toBe(-5); // 20 % against 25 %
    expect(c.enQPV.atteinte).toBe(false);
    expect(c.enQPV.ecartPoints).toBe(-7.1); // 42.86 % against 50 %
    expect(libelleCible(c.enQPV)).toBe('manquée (-7,1 pts)');
  });

  it('judges nothing when a zone has no attribution', () => {
    const c = evaluerCibles(ligne([0, 0, 0], [3, 3]));
    expect(c.horsQPV).toMatchObject({ part: null, atteinte: null, ecartPoints: null });
    expect(libelleCible(c.horsQPV)).toBe('sans objet');
    expect(libelleCible(c.enQPV)).toBe('atteinte (+50,0 pts)');
  });

  it('is met exactly when the share is at least the target (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(5000), (n, k) => {
        const num = Math.min(k, n);
        const c = evaluerCible(num, n, 0.25);
        expect(c.atteinte).toBe(num * 4 >= n);
        if (c.atteinte) expect(c.ecartPoints).toBeGreaterThanOrEqual(0);
        else expect(c.ecartPoints).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('totals the counts and recomputes the shares from them', () => {
    const t = totaliser([ligne([10, 2, 1], [4, 1]), ligne([30, 6, 2], [6, 5])]);
    expect(t.horsQPV).toEqual({ attributions: 40, q1: 8, relogesANRU: 3, partQ1EtANRU: 11 / 40 });
    expect(t.enQPV).toEqual({ attributions: 10, q2q3q4: 6, partQ2Q3Q4: 0.6 });
  });
});
