// Retention on a real migrated cache: DRM months leave with the three-month window, a demand
// radiated more than a year ago leaves with all its blocks, and "Effacer les données locales"
// empties every table that holds personal data while the GDM ledger stays.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enregistrerDrm } from '../../src-main/core/reporting/drm.ts';
import {
  applyRetention,
  clearLocalData,
  KEPT_TABLES,
  oneYearBefore,
  PERSONAL_TABLES,
} from '../../src-main/core/retention.ts';
import { blocsPresent, saveBloc } from '../../src-main/core/store/blocs.ts';
import { getDemandeRow, updateFromCerfa } from '../../src-main/core/store/demandes.ts';
import { enqueueJob } from '../../src-main/core/store/jobs.ts';
import { insertSequence } from '../../src-main/core/store/ledger.ts';
import { openStore, type Store } from '../../src-main/core/store/open.ts';
import type { Bloc, BlocContenu } from '../../src-main/core/sne/blocs.ts';
import { blocsExemple } from '../support/soap-fixtures.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function newStore(): { store: Store; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'retention-')), 'cache.db');
  const store = openStore(path);
  stores.push(store);
  return { store, path };
}

/** Stores every block of one DLS, radiated on `dateRadiation` (null: active). */
function addDemande(store: Store, numUnique: string, dateRadiation: string | null): void {
  const blocs: BlocContenu = blocsExemple(numUnique);
  blocs.cerfa = {
    ...blocs.cerfa,
    radiation:
      dateRadiation === null
        ? null
        : { motifRadiation: 'RADATT', sousMotifRadiation: null, dateRadiation },
  };
  for (const [bloc, contenu] of Object.entries(blocs)) {
    saveBloc(store, numUnique, bloc as Bloc, contenu, '2025-01-10T10:00:00.000+01:00', 1);
  }
  updateFromCerfa(store, blocs.cerfa);
  enqueueJob(store, numUnique, 'cerfa', 1);
  store.db.prepare("UPDATE jobs SET etat = 'FAIT' WHERE num_unique = ?").run(numUnique);
  enregistrerDrm(
    store.db,
    {
      numUnique,
      dateMiseAJour: '2025-06-05',
      mois: ['2025-03', '2025-04', '2025-05'].map((periode) => ({
        periode,
        lignes: [{ nature: 'SAL', source: 'DSN', montantNetVerse: 1500, declarant: 'ACME' }],
      })),
    },
    1,
  );
}

function count(store: Store, table: string, numUnique?: string): number {
  const sql = `SELECT count(*) AS n FROM ${table}`;
  const row = (
    numUnique === undefined
      ? store.db.prepare(sql).get()
      : store.db.prepare(`${sql} WHERE num_unique = ?`).get(numUnique)
  ) as { n: number };
  return row.n;
}

describe('oneYearBefore', () => {
  it('gives the Paris calendar date a year earlier', () => {
    expect(oneYearBefore(new Date('2025-06-15T12:00:00Z'))).toBe('2024-06-15');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(oneYearBefore(new Date('2025-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(oneYearBefore(new Date('2024-02-29T10:00:00Z'))).toBe('2023-02-28');
  });
});

describe('applyRetention', () => {
  it('erases a demand radiated more than a year ago, with every block, job and DRM month', () => {
    const { store } = newStore();
    const now = new Date('2025-06-15T10:00:00+02:00');
    addDemande(store, '0931124000001G1104', '2024-06-14'); // a year and a day: erased
    addDemande(store, '0931124000002G1104', '2024-06-15'); // exactly a year: kept
    addDemande(store, '0931124000003G1104', null); // active: kept
    const result = applyRetention(store.db, now);
    expect(result.demandesRadiees).toBe(1);

    expect(getDemandeRow(store, '0931124000001G1104')).toBeNull();
    expect(blocsPresent(store, '0931124000001G1104')).toEqual([]);
    for (const table of ['blocs', 'jobs', 'drm_mois', 'demandes']) {
      expect(count(store, table, '0931124000001G1104'), table).toBe(0);
    }
    // The search index forgets the name too.
    const hits = store.db
      .prepare("SELECT count(*) AS n FROM demandes_fts WHERE demandes_fts MATCH 'ecuyer'")
      .get() as { n: number };
    expect(hits.n).toBe(2);
    expect(getDemandeRow(store, '0931124000002G1104')?.active).toBe(false);
    expect(getDemandeRow(store, '0931124000003G1104')?.active).toBe(true);
    expect(blocsPresent(store, '0931124000002G1104').length).toBe(
      blocsPresent(store, '0931124000003G1104').length,
    );
  });

  it('keeps an old radiation whose demand has a fetch pending (it moved since)', () => {
    const { store } = newStore();
    addDemande(store, '0931124000004G1104', '2023-01-10');
    enqueueJob(store, '0931124000004G1104', 'cerfa', 2);
    expect(applyRetention(store.db, new Date('2025-06-15T10:00:00Z')).demandesRadiees).toBe(0);
    expect(getDemandeRow(store, '0931124000004G1104')).not.toBeNull();
  });

  it('drops DRM months older than the window the SNE may still show (M-4 until its refresh)', () => {
    const { store } = newStore();
    addDemande(store, '0931124000005G1104', null); // months 2025-03, -04, -05
    // Until the end of July, March may still be in the SNE's window (refresh not yet run).
    expect(applyRetention(store.db, new Date('2025-07-31T12:00:00+02:00')).moisDrm).toBe(0);
    // On 1 August (Paris), March has left it for good.
    expect(applyRetention(store.db, new Date('2025-07-31T22:30:00Z')).moisDrm).toBe(1);
    const left = store.db.prepare('SELECT periode FROM drm_mois ORDER BY periode').pluck().all();
    expect(left).toEqual(['2025-04', '2025-05']);
  });
});

describe('clearLocalData', () => {
  it('empties every personal table, keeps the ledger, and removes set-aside caches', () => {
    const { store, path } = newStore();
    addDemande(store, '0931124000006G1104', null);
    addDemande(store, '0931124000007G1104', '2025-01-02');
    store.db
      .prepare(
        `INSERT INTO extractions_3ds (extrait_le, date_extraction, annee, filtres, rapport,
           lignes_agregees, lignes_detaillees) VALUES ('x', 'x', 2024, '{}', '{}', 0, 0)`,
      )
      .run();
    const sequenceId = insertSequence(store, {
      filtreCle: 'dep:93',
      filtres: '{}',
      depuisMs: 1,
      jusqueMs: 2,
      commenceMs: 3,
      incertitudeMs: 0,
    });
    store.db
      .prepare('INSERT INTO watermarks (filtre_cle, jusque_ms, sequence_id) VALUES (?, ?, ?)')
      .run('dep:93', 2, sequenceId);
    writeFileSync(`${path}.illisible-2025-01-01T00-00-00-000Z`, 'ancien cache');
    writeFileSync(`${path}.illisible-2025-01-01T00-00-00-000Z-wal`, 'ancien wal');

    clearLocalData(store.db, { cachePath: path });

    for (const table of PERSONAL_TABLES) expect(count(store, table), table).toBe(0);
    expect(count(store, 'demandes_fts')).toBe(0);
    expect(count(store, 'sequences')).toBe(1);
    expect(readdirSync(join(path, '..')).filter((f) => f.includes('illisible'))).toEqual([]);
  });

  it('classifies every table of the schema as erased or kept', () => {
    const { store } = newStore();
    const tables = store.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
      )
      .pluck()
      .all() as string[];
    const virtual = store.db
      .prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
      .pluck()
      .all() as string[];
    // FTS shadow tables follow their content table.
    const own = tables.filter((t) => !virtual.some((v) => t.startsWith(`${v}_`)));
    const classified = new Set<string>([...PERSONAL_TABLES, ...KEPT_TABLES]);
    expect(own.filter((t) => !classified.has(t))).toEqual([]);
  });
});
