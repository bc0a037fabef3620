import { describe, expect, it } from 'vitest';
import type { Filtres3ds } from '../../src-main/core/api-types.ts';
import {
  anneesAutorisees,
  assertFiltres3ds,
  epciDesDepartements,
  tableFromJson,
  validerFiltres3ds,
} from '../../src-main/core/reporting/filters-3ds.ts';
import { isGuichetError } from '../../src-main/core/errors.ts';

const table = tableFromJson({
  '200046977': { departement: '69', nom: 'Métropole de Lyon', type: 'MET69' },
  '244200770': { departement: '42', nom: 'Saint-Étienne Métropole', type: 'METRO' },
  '200057867': { departement: '93', nom: 'Plaine Commune', type: 'EPT' },
  '242010056': { departement: '2A', nom: 'CA du Pays Ajaccien', type: 'CA' },
});

function filtres(patch: Partial<Filtres3ds> = {}): Filtres3ds {
  return { annee: 2025, departements: [], epci: [], perimetre: 'TOUS', ...patch };
}

// 15 Feb 2025 noon and 1 March 2025 00:30 in Paris (23:30 UTC the day before).
const fevrier = new Date('2025-02-15T12:00:00+01:00');
const premierMars = new Date('2025-02-28T23:30:00Z');

describe('3DS year rule', () => {
  it('allows N-1 and N before 1 March, only N from 1 March (Paris time)', () => {
    expect(anneesAutorisees(fevrier)).toEqual([2024, 2025]);
    expect(anneesAutorisees(premierMars)).toEqual([2025]);
  });

  it('explains a refused previous year after 1 March and a future year', () => {
    const r = validerFiltres3ds(filtres({ annee: 2024 }), { maintenant: premierMars, epci: table });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.erreurs[0]?.message).toMatch(/1er mars.*2025/);
    const future = validerFiltres3ds(filtres({ annee: 2026 }), {
      maintenant: fevrier,
      epci: table,
    });
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.erreurs[0]?.message).toMatch(/2024 ou 2025/);
  });

  it('accepts the previous year in February', () => {
    expect(
      validerFiltres3ds(filtres({ annee: 2024 }), { maintenant: fevrier, epci: table }).ok,
    ).toBe(true);
  });
});

describe('3DS departments', () => {
  it('accepts Corsica, overseas departments and pads single digits', () => {
    const r = validerFiltres3ds(filtres({ departements: ['2a', '2B', '971', '976', '1', '13'] }), {
      maintenant: fevrier,
      epci: table,
    });
    expect(r.ok && r.filtres.departements).toEqual(['01', '13', '2A', '2B', '971', '976']);
  });

  it.each([
    ['20', /2A.*2B/],
    ['975', /collectivité d'outre-mer/],
    ['96', /n'est pas un code de département/],
    ['00', /n'est pas un code de département/],
    ['977', /collectivité/],
  ])('refuses %s with an explanation', (code, message) => {
    const r = validerFiltres3ds(filtres({ departements: [code] }), {
      maintenant: fevrier,
      epci: table,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.erreurs[0]?.champ).toBe('departements');
      expect(r.erreurs[0]?.message).toMatch(message);
    }
  });
});

describe('3DS EPCI/EPT', () => {
  it('lists the EPCI/EPT whose seat is in the chosen departments', () => {
    expect(epciDesDepartements(table, ['69', '2A']).map((e) => e.siren)).toEqual([
      '242010056',
      '200046977',
    ]);
    expect(epciDesDepartements(table, [])).toHaveLength(4);
  });

  it('refuses an EPCI whose seat lies outside the chosen departments, naming it', () => {
    const r = validerFiltres3ds(
      filtres({ departements: ['42'], epci: ['200046977', '244200770'] }),
      {
        maintenant: fevrier,
        epci: table,
      },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.erreurs).toHaveLength(1);
      expect(r.erreurs[0]?.message).toMatch(/Métropole de Lyon.*département 69/);
    }
  });

  it('refuses malformed and unknown SIREN', () => {
    const r = validerFiltres3ds(filtres({ epci: ['12345', '999999999'] }), {
      maintenant: fevrier,
      epci: table,
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.erreurs.map((e) => e.message)).toEqual([
        expect.stringMatching(/9 chiffres/),
        expect.stringMatching(/aucun EPCI/),
      ]);
  });

  it('leaves a well-formed SIREN to the SNE when the seat table is absent', () => {
    const r = validerFiltres3ds(filtres({ epci: ['999999999'] }), {
      maintenant: fevrier,
      epci: new Map(),
    });
    expect(r.ok).toBe(true);
  });
});

describe('3DS perimeter and errors', () => {
  it('refuses an unknown perimeter and gathers every explanation in one French error', () => {
    const bad = filtres({
      annee: 2019,
      departements: ['20'],
      perimetre: 'QPV' as Filtres3ds['perimetre'],
    });
    try {
      assertFiltres3ds(bad, { maintenant: fevrier, epci: table });
      expect.unreachable();
    } catch (error) {
      expect(isGuichetError(error, 'ARGUMENT_INVALIDE')).toBe(true);
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[2]).toMatch(/TOUS, REFORME ou HORS_REFORME/);
    }
  });
});

describe('EPCI seat table', () => {
  it('reads the resource file shipped in resources/ and finds Lyon in the Rhône', async () => {
    const { loadTableEpci } = await import('../../src-main/core/reporting/filters-3ds.ts');
    const fromFile = loadTableEpci(
      new URL('../../resources/epci-departements.json', import.meta.url).pathname,
    );
    expect(fromFile.size).toBeGreaterThan(1200);
    expect(fromFile.get('200046977')?.departement).toBe('69');
    expect(loadTableEpci('/nonexistent/epci.json').size).toBe(0);
  });
});
