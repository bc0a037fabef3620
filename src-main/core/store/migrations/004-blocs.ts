// The blocks as fetched. date_fichier_ms is the SNE's own timestamp of the answer: a block is
// only replaced by one whose timestamp is not older.
import type { Migration } from '../migration.ts';

export const m004Blocs: Migration = {
  version: 4,
  name: 'fetched blocks',
  up(db) {
    db.exec(`
      CREATE TABLE blocs (
        num_unique TEXT NOT NULL,
        bloc TEXT NOT NULL,
        contenu TEXT NOT NULL,
        date_fichier TEXT NOT NULL,
        date_fichier_ms INTEGER NOT NULL,
        recupere_ms INTEGER NOT NULL,
        PRIMARY KEY (num_unique, bloc)
      );
    `);
  },
};
