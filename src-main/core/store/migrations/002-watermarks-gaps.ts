// The end of the last fully paged window per filter set, and the intervals no window covered
// (the application stayed closed longer than the GDM depth allows).
import type { Migration } from '../migration.ts';

export const m002WatermarksGaps: Migration = {
  version: 2,
  name: 'watermarks and gaps',
  up(db) {
    db.exec(`
      CREATE TABLE watermarks (
        filtre_cle TEXT PRIMARY KEY,
        jusque_ms INTEGER NOT NULL,
        sequence_id INTEGER NOT NULL REFERENCES sequences (id)
      ) WITHOUT ROWID;
      CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        filtre_cle TEXT NOT NULL,
        depuis_ms INTEGER NOT NULL,
        jusque_ms INTEGER NOT NULL,
        detecte_ms INTEGER NOT NULL,
        UNIQUE (filtre_cle, depuis_ms)
      );
    `);
  },
};
