// The Demandes list as the UI reads it (listDemandesVue): a DLS whose Cerfa has not arrived yet
// is outside the full-text index, and must still be found, and counted once, by its number.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDemandesVue } from '../../src-main/core/api/demandes-query.ts';
import type { ListeDemandesQuery } from '../../src-main/core/api-types.ts';
import type { Cerfa } from '../../src-main/core/sne/blocs.ts';
import { noteMouvement, updateFromCerfa } from '../../src-main/core/store/demandes.ts';
import { openStore, type Store } from '../../src-main/core/store/open.ts';

let dir: string;
let store: Store;

function cerfa(numUnique: string, nom: string, prenom: string): Cerfa {
  return {
    numUnique,
    personnePhysique: { demandeur: { nom, prenom }, listePersonneACharge: [] },
    listeCotitulaire: [],
    logementRecherche: { listeLocalisationSouhaite: [{ commune: '93048' }] },
    radiation: null,
  } as unknown as Cerfa;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demandes-query-'));
  store = openStore(join(dir, 'cache.sqlite'));
  // Newest movement first in the list: BARE (no Cerfa yet), then NAMED, then OTHER.
  noteMouvement(store, '0931124000002G1104', 3_000); // BARE
  noteMouvement(store, '0931124000001G1104', 2_000); // NAMED
  updateFromCerfa(store, cerfa('0931124000001G1104', 'MARTIN', 'Paul'));
  noteMouvement(store, '0751124000003G1104', 1_000); // OTHER
  updateFromCerfa(store, cerfa('0751124000003G1104', 'DURAND', 'Léa'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function found(query: ListeDemandesQuery): { total: number; nums: string[] } {
  const page = listDemandesVue(store, query);
  return { total: page.total, nums: page.lignes.map((l) => l.numUnique) };
}

describe('Demandes list search', () => {
  it('finds a demand by its full number before its Cerfa arrived', () => {
    expect(found({ q: '0931124000002G1104' })).toEqual({
      total: 1,
      nums: ['0931124000002G1104'],
    });
    expect(found({ q: '0931124000002g1104', etat: 'ACTIVE' })).toEqual({
      total: 1,
      nums: ['0931124000002G1104'],
    });
  });

  it('counts each demand once when a number prefix matches indexed and bare ones', () => {
    const both = { total: 2, nums: ['0931124000002G1104', '0931124000001G1104'] };
    expect(found({ q: '0931124' })).toEqual(both);
    // The same through the filtered path, which counts rows instead of index entries.
    expect(found({ q: '0931124', etat: 'ACTIVE' })).toEqual(both);
    expect(found({ q: '0931124000001G1104' })).toEqual({
      total: 1,
      nums: ['0931124000001G1104'],
    });
  });

  it('leaves bare numbers out of a name search', () => {
    expect(found({ q: 'martin' })).toEqual({ total: 1, nums: ['0931124000001G1104'] });
    expect(found({ q: '075' })).toEqual({ total: 1, nums: ['0751124000003G1104'] });
  });

  it('names the wanted communes, in the order of their codes', () => {
    const ligne = listDemandesVue(store, { q: 'MARTIN' }).lignes[0]!;
    expect(ligne.communes).toEqual(['93048']);
    expect(ligne.nomsCommunes).toEqual(['Montreuil']);
  });
});
