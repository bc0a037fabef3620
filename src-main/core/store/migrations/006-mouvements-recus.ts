// GDM entries not yet turned into fetch jobs: one narrow row per DLS, the blocks that moved as a
// bit set (store/mouvements.ts fixes the bits). A GDM page writes one row per entry here instead
// of one job per DLS and block, which was most of the ingest time; the fetch queue expands the
// rows into jobs a few hundred at a time while its slots wait on the network.
import type { Migration } from '../migration.ts';

export const m006MouvementsRecus: Migration = {
  version: 6,
  name: 'received GDM movements',
  up(db) {
    db.exec(`
      CREATE TABLE mouvements_recus (
        num_unique TEXT PRIMARY KEY,
        date_mouvement_ms INTEGER NOT NULL,
        a_recuperer INTEGER NOT NULL CHECK (a_recuperer > 0)
      ) WITHOUT ROWID;
    `);
  },
};
