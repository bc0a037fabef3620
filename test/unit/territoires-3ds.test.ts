// The EPCI/EPT offered by the 3DS filter screen come from the shipped seat table: those of the
// chosen departments only, named with their department, and every one of them when no
// department is chosen.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTableEpci, tableFromJson } from '../../src-main/core/reporting/filters-3ds.ts';
import { territoires3ds } from '../../src-main/core/reporting/territoires-3ds.ts';

const shipped = loadTableEpci(
  fileURLToPath(new URL('../../resources/epci-departements.json', import.meta.url)),
);

describe('3DS territories for the filter screen', () => {
  it('keeps only the EPCI/EPT seated in the chosen departments, with the department named', () => {
    const liste = territoires3ds(shipped, ['93', '69']);
    expect(new Set(liste.map((t) => t.departement))).toEqual(new Set(['69', '93']));
    expect(liste.find((t) => t.siren === '200046977')).toEqual({
      siren: '200046977',
      nom: 'Métropole de Lyon',
      type: 'MET69',
      departement: '69',
      nomDepartement: 'Rhône',
    });
    const plaineCommune = liste.find((t) => t.siren === '200057867');
    expect(plaineCommune).toMatchObject({ type: 'EPT', nomDepartement: 'Seine-Saint-Denis' });
    // Saint-Étienne Métropole is seated in the Loire: not offered for the Rhône.
    expect(liste.some((t) => t.siren === '244200770')).toBe(false);
  });

  it('offers every EPCI/EPT of the table when no department is chosen', () => {
    const tous = territoires3ds(shipped, []);
    expect(tous).toHaveLength(shipped.size);
    expect(new Set(tous.map((t) => t.departement)).size).toBeGreaterThan(95);
    expect(tous.every((t) => t.nomDepartement !== '' && /^\d{9}$/.test(t.siren))).toBe(true);
  });

  it('sorts by department then name, so that the list reads like the préfecture’s', () => {
    const liste = territoires3ds(shipped, ['2A', '01']);
    const cles = liste.map((t) => `${t.departement}|${t.nom}`);
    expect(cles).toEqual([...cles].sort((a, b) => a.localeCompare(b)));
    expect(liste[0]?.departement).toBe('01');
  });

  it('shows a department the name table does not know by its code', () => {
    const table = tableFromJson({ '999999999': { departement: '98', nom: 'Essai', type: 'CC' } });
    expect(territoires3ds(table, [])[0]?.nomDepartement).toBe('98');
  });
});
