// The GDM call ledger: one row per sequence, written durably before its first page is asked
// for. Times are epoch milliseconds on the server's clock: estimated at the start (with the
// estimate's uncertainty), then replaced by the server's own echo once the first page arrives.
import type { Migration } from '../migration.ts';

export const m001Sequences: Migration = {
  version: 1,
  name: 'gdm sequence ledger',
  up(db) {
    db.exec(`
      CREATE TABLE sequences (
        id INTEGER PRIMARY KEY,
        filtre_cle TEXT NOT NULL,
        filtres TEXT NOT NULL,
        depuis_ms INTEGER NOT NULL,
        jusque_ms INTEGER,
        commence_ms INTEGER NOT NULL,
        incertitude_ms INTEGER NOT NULL DEFAULT 0,
        termine_ms INTEGER,
        statut TEXT NOT NULL CHECK (statut IN ('EN_COURS', 'TERMINEE', 'ABANDONNEE', 'REFUSEE')),
        curseur TEXT,
        curseur_ms INTEGER,
        pages INTEGER NOT NULL DEFAULT 0,
        demandes INTEGER NOT NULL DEFAULT 0,
        nombre_total INTEGER,
        raison TEXT
      );
      CREATE INDEX sequences_commence ON sequences (commence_ms);
      CREATE TABLE meta (cle TEXT PRIMARY KEY, valeur TEXT NOT NULL) WITHOUT ROWID;
    `);
  },
};
