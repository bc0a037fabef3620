// Search over the cached demands: accent-blind names and commune names, and numbers found by
// prefix even before their cerfa arrived.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cerfa } from '../../../src-main/core/sne/blocs.ts';
import {
  countDemandes,
  listDemandes,
  noteMouvement,
  updateFromCerfa,
} from '../../../src-main/core/store/demandes.ts';
import { openStore, type Store } from '../../../src-main/core/store/open.ts';

let dir: string;
let store: Store;
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function cerfa(numUnique: string, nom: string, prenom: string, communes: string[]): Cerfa {
  return {
    numUnique,
    personnePhysique: { demandeur: { nom, prenom }, listePersonneACharge: [] },
    listeCotitulaire: [],
    logementRecherche: { listeLocalisationSouhaite: communes.map((commune) => ({ commune })) },
    radiation: null,
  } as unknown as Cerfa;
}

describe('demand search', () => {
  it('finds names and communes whatever the accents, and numbers by prefix', () => {
    dir = mkdtempSync(join(tmpdir(), 'search-'));
    store = openStore(join(dir, 'cache.sqlite'));
    noteMouvement(store, '0421124000001G1104', 2);
    updateFromCerfa(store, cerfa('0421124000001G1104', 'LEFÈVRE', 'Hélène', ['42218']));
    noteMouvement(store, '0931124000002G1104', 1); // no cerfa yet
    updateFromCerfa(store, cerfa('0751124000003G1104', 'MARTIN', 'Paul', ['75056']));

    const nums = (q: string): string[] => listDemandes(store, { q }).map((r) => r.numUnique);
    expect(nums('lefevre')).toEqual(['0421124000001G1104']);
    expect(nums('helene lef')).toEqual(['0421124000001G1104']);
    expect(nums('saint etienne')).toEqual(['0421124000001G1104']);
    expect(nums('093112400')).toEqual(['0931124000002G1104']);
    expect(nums('martin')).toEqual(['0751124000003G1104']);
    expect(countDemandes(store, 'etienne')).toBe(1);
    expect(listDemandes(store, {}).map((r) => r.numUnique)).toEqual([
      '0421124000001G1104',
      '0931124000002G1104',
      '0751124000003G1104',
    ]);
  });
});
