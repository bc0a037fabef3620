// Each 3DS extraction as the SNE answered it, with the filters sent and the time of the call,
// so that past extracts reopen offline exactly as they were (the SNE's figures move monthly).
import type { Migration } from '../migration.ts';

export const m030Extractions3ds: Migration = {
  version: 30,
  name: '3DS extractions',
  up(db) {
    db.exec(`
      CREATE TABLE extractions_3ds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        extrait_le TEXT NOT NULL,
        date_extraction TEXT NOT NULL,
        annee INTEGER NOT NULL,
        filtres TEXT NOT NULL,
        rapport TEXT NOT NULL,
        lignes_agregees INTEGER NOT NULL,
        lignes_detaillees INTEGER NOT NULL
      );
    `);
  },
};
