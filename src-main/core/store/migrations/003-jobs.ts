// The durable fetch queue: one job per DLS and block. `version` grows each time a newer
// movement re-queues the job, so that a fetch started before that movement cannot mark it done.
import type { Migration } from '../migration.ts';

export const m003Jobs: Migration = {
  version: 3,
  name: 'fetch queue',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        num_unique TEXT NOT NULL,
        bloc TEXT NOT NULL,
        etat TEXT NOT NULL CHECK (etat IN ('A_FAIRE', 'FAIT', 'ECHEC')),
        date_mouvement_ms INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        tentatives INTEGER NOT NULL DEFAULT 0,
        prochain_essai_ms INTEGER NOT NULL DEFAULT 0,
        code TEXT,
        message TEXT,
        PRIMARY KEY (num_unique, bloc)
      ) WITHOUT ROWID;
      CREATE INDEX jobs_a_faire ON jobs (etat, prochain_essai_ms);
    `);
  },
};
