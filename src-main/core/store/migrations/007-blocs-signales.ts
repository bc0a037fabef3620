// Heavy blocks on demand: GDM's word that one moved is kept (job state SIGNALE, with the movement
// date) without queueing a call, so that the demand page can say a newer copy is waiting. The
// received movements carry those blocks in their own bit set. SQLite cannot change a CHECK
// constraint in place: both tables are rebuilt, their rows copied as they are.
import type { Migration } from '../migration.ts';

export const m007BlocsSignales: Migration = {
  version: 7,
  name: 'heavy blocks signalled, not queued',
  up(db) {
    db.exec(`
      CREATE TABLE jobs_007 (
        num_unique TEXT NOT NULL,
        bloc TEXT NOT NULL,
        etat TEXT NOT NULL CHECK (etat IN ('A_FAIRE', 'FAIT', 'ECHEC', 'SIGNALE')),
        date_mouvement_ms INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        tentatives INTEGER NOT NULL DEFAULT 0,
        prochain_essai_ms INTEGER NOT NULL DEFAULT 0,
        code TEXT,
        message TEXT,
        PRIMARY KEY (num_unique, bloc)
      ) WITHOUT ROWID;
      INSERT INTO jobs_007 SELECT num_unique, bloc, etat, date_mouvement_ms, version, tentatives,
        prochain_essai_ms, code, message FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_007 RENAME TO jobs;
      CREATE INDEX jobs_a_faire ON jobs (etat, prochain_essai_ms);

      CREATE TABLE mouvements_recus_007 (
        num_unique TEXT PRIMARY KEY,
        date_mouvement_ms INTEGER NOT NULL,
        a_recuperer INTEGER NOT NULL,
        signales INTEGER NOT NULL DEFAULT 0,
        CHECK (a_recuperer > 0 OR signales > 0)
      ) WITHOUT ROWID;
      INSERT INTO mouvements_recus_007 (num_unique, date_mouvement_ms, a_recuperer)
        SELECT num_unique, date_mouvement_ms, a_recuperer FROM mouvements_recus;
      DROP TABLE mouvements_recus;
      ALTER TABLE mouvements_recus_007 RENAME TO mouvements_recus;
    `);
  },
};
