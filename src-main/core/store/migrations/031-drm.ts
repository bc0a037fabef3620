// DRM months per DLS: one row per month of the SNE's three-month window. Rows whose month has
// left the window are deleted (the SNE's own retention), never kept as history.
import type { Migration } from '../migration.ts';

export const m031Drm: Migration = {
  version: 31,
  name: 'DRM months',
  up(db) {
    db.exec(`
      CREATE TABLE drm_mois (
        num_unique TEXT NOT NULL,
        periode TEXT NOT NULL,
        lignes TEXT NOT NULL,
        date_mise_a_jour TEXT NOT NULL,
        recupere_ms INTEGER NOT NULL,
        PRIMARY KEY (num_unique, periode)
      );
      CREATE INDEX drm_mois_periode ON drm_mois (periode);
    `);
  },
};
