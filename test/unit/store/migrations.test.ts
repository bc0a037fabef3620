// The migration runner and each migration of the sync store, one test per migration: applied in
// its own transaction, recorded, and leaving the schema the typed functions rely on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { isGuichetError } from '../../../src-main/core/errors.ts';
import { migrate } from '../../../src-main/core/store/migrate.ts';
import type { Migration } from '../../../src-main/core/store/migration.ts';
import { migrations } from '../../../src-main/core/store/migrations/index.ts';
import { openStore } from '../../../src-main/core/store/open.ts';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migr-'));
  dirs.push(dir);
  return join(dir, 'cache.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function upTo(version: number): Migration[] {
  return migrations.filter((m) => m.version <= version);
}

function tables(db: Database.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

describe('migration runner', () => {
  it('applies each migration once and records it', () => {
    const db = new Database(tempDb());
    expect(migrate(db, migrations)).toEqual(migrations.map((m) => m.version));
    expect(migrate(db, migrations)).toEqual([]);
    const recorded = db
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .pluck()
      .all();
    expect(recorded).toEqual(migrations.map((m) => m.version));
    db.close();
  });

  it('accepts gaps in the numbering and applies a later-added lower number', () => {
    const db = new Database(tempDb());
    const a: Migration = { version: 1, name: 'a', up: (d) => void d.exec('CREATE TABLE a (x)') };
    const c: Migration = { version: 30, name: 'c', up: (d) => void d.exec('CREATE TABLE c (x)') };
    const b: Migration = { version: 20, name: 'b', up: (d) => void d.exec('CREATE TABLE b (x)') };
    expect(migrate(db, [a, c])).toEqual([1, 30]);
    expect(migrate(db, [a, b, c])).toEqual([20]);
    expect(tables(db)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(tempDb());
    const bad: Migration = {
      version: 7,
      name: 'bad',
      up: (d) => {
        d.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [bad])).toThrow('boom');
    expect(tables(db)).not.toContain('half');
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer version, and changes nothing', () => {
    const path = tempDb();
    const db = new Database(path);
    const future: Migration = { version: 999, name: 'future', up: () => undefined };
    migrate(db, [...migrations, future]);
    db.close();
    let error: unknown;
    try {
      openStore(path);
    } catch (e) {
      error = e;
    }
    expect(isGuichetError(error, 'CACHE_TROP_RECENT')).toBe(true);
    expect((error as Error).message).toMatch(/version plus récente/);
  });

  it('refuses a list that is not strictly increasing', () => {
    const db = new Database(tempDb());
    const m: Migration = { version: 2, name: 'x', up: () => undefined };
    expect(() => migrate(db, [m, { ...m, version: 2 }])).toThrow(/out of order/);
    db.close();
  });
});

describe('sync store migrations, one by one', () => {
  it('001 creates the GDM ledger and meta tables', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(1));
    expect(tables(db)).toEqual(expect.arrayContaining(['sequences', 'meta']));
    expect(() =>
      db
        .prepare(
          "INSERT INTO sequences (filtre_cle, filtres, depuis_ms, commence_ms, statut) VALUES ('k', '{}', 1, 2, 'BIDON')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('002 creates watermarks and gaps (one gap per filter set and start)', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(2));
    db.prepare(
      "INSERT INTO gaps (filtre_cle, depuis_ms, jusque_ms, detecte_ms) VALUES ('k', 1, 2, 3)",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO gaps (filtre_cle, depuis_ms, jusque_ms, detecte_ms) VALUES ('k', 1, 5, 6)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });

  it('003 creates the job queue keyed by DLS and block', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(3));
    const insert = db.prepare(
      "INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES ('N', 'cerfa', 'A_FAIRE', 1)",
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY/);
    expect(tables(db)).toContain('jobs_a_faire');
    db.close();
  });

  it('004 creates the block table', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(4));
    const cols = db.prepare("SELECT name FROM pragma_table_info('blocs')").pluck().all();
    expect(cols).toEqual([
      'num_unique',
      'bloc',
      'contenu',
      'date_fichier',
      'date_fichier_ms',
      'recupere_ms',
    ]);
    db.close();
  });

  it('005 creates demand summaries with an accent-blind full-text index kept by triggers', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(5));
    db.prepare(
      "INSERT INTO demandes (num_unique, demandeur, communes_texte) VALUES ('0421124000001G1104', 'ÉTIENNE Zoé', '42218 Saint-Étienne')",
    ).run();
    const match = (q: string): number =>
      db
        .prepare('SELECT count(*) FROM demandes_fts WHERE demandes_fts MATCH ?')
        .pluck()
        .get(q) as number;
    expect(match('etienne')).toBe(1);
    expect(match('zoe')).toBe(1);
    db.prepare(
      "UPDATE demandes SET demandeur = 'MARTIN Paul' WHERE num_unique = '0421124000001G1104'",
    ).run();
    expect(match('zoe')).toBe(0);
    expect(match('martin')).toBe(1);
    db.close();
  });

  it('006 creates the received GDM movements, one row per DLS with a non-empty block set', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(5));
    db.prepare(
      "INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES ('N', 'cerfa', 'FAIT', 1)",
    ).run();
    expect(migrate(db, upTo(6))).toEqual([6]);
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(1);
    const insert = db.prepare(
      'INSERT INTO mouvements_recus (num_unique, date_mouvement_ms, a_recuperer) VALUES (?, ?, ?)',
    );
    insert.run('N', 1, 3);
    expect(() => insert.run('N', 2, 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('M', 2, 0)).toThrow(/CHECK/);
    db.close();
  });

  it('007 keeps jobs and received movements, and lets heavy blocks be signalled only', () => {
    const db = new Database(tempDb());
    migrate(db, upTo(6));
    db.prepare(
      `INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms, version, code)
       VALUES ('N', 'cerfa', 'ECHEC', 1, 3, 'NUM_INCONNU')`,
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES ('N', 'pieces', 'SIGNALE', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      'INSERT INTO mouvements_recus (num_unique, date_mouvement_ms, a_recuperer) VALUES (?, ?, ?)',
    ).run('M', 5, 3);
    expect(migrate(db, upTo(7))).toEqual([7]);
    expect(db.prepare('SELECT num_unique, bloc, etat, version, code FROM jobs').all()).toEqual([
      { num_unique: 'N', bloc: 'cerfa', etat: 'ECHEC', version: 3, code: 'NUM_INCONNU' },
    ]);
    expect(db.prepare('SELECT * FROM mouvements_recus').all()).toEqual([
      { num_unique: 'M', date_mouvement_ms: 5, a_recuperer: 3, signales: 0 },
    ]);
    db.prepare(
      "INSERT INTO jobs (num_unique, bloc, etat, date_mouvement_ms) VALUES ('N', 'pieces', 'SIGNALE', 1)",
    ).run();
    const recu = db.prepare(
      'INSERT INTO mouvements_recus (num_unique, date_mouvement_ms, a_recuperer, signales) VALUES (?, ?, ?, ?)',
    );
    recu.run('P', 1, 0, 256);
    expect(() => recu.run('Q', 1, 0, 0)).toThrow(/CHECK/);
    expect(tables(db)).toContain('jobs_a_faire');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
