// One summary row per DLS (what lists and search need) and its full-text index over the
// number, the applicant's names and the desired communes (codes and names), accent-blind.
import type { Migration } from '../migration.ts';

export const m005Demandes: Migration = {
  version: 5,
  name: 'demand summaries and search',
  up(db) {
    db.exec(`
      CREATE TABLE demandes (
        num_unique TEXT PRIMARY KEY,
        date_mouvement_ms INTEGER,
        demandeur TEXT,
        taille_menage INTEGER,
        communes TEXT NOT NULL DEFAULT '[]',
        departements TEXT NOT NULL DEFAULT '[]',
        communes_texte TEXT NOT NULL DEFAULT '',
        statut_dalo TEXT,
        active INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX demandes_mouvement ON demandes (date_mouvement_ms);
      CREATE VIRTUAL TABLE demandes_fts USING fts5 (
        num_unique, demandeur, communes_texte,
        content = 'demandes', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 4'
      );
      -- Only summaries that have a cerfa (a name to find) are indexed: GDM creates rows by the
      -- hundred thousand before any cerfa arrives, and indexing those bare numbers would cost
      -- more than the ingest itself. Numbers of such rows are found by prefix (demandes.ts).
      CREATE TRIGGER demandes_fts_ai AFTER INSERT ON demandes WHEN new.demandeur IS NOT NULL BEGIN
        INSERT INTO demandes_fts (rowid, num_unique, demandeur, communes_texte)
        VALUES (new.rowid, new.num_unique, new.demandeur, new.communes_texte);
      END;
      CREATE TRIGGER demandes_fts_ad AFTER DELETE ON demandes WHEN old.demandeur IS NOT NULL BEGIN
        INSERT INTO demandes_fts (demandes_fts, rowid, num_unique, demandeur, communes_texte)
        VALUES ('delete', old.rowid, old.num_unique, old.demandeur, old.communes_texte);
      END;
      CREATE TRIGGER demandes_fts_au_old AFTER UPDATE OF demandeur, communes_texte ON demandes
      WHEN old.demandeur IS NOT NULL BEGIN
        INSERT INTO demandes_fts (demandes_fts, rowid, num_unique, demandeur, communes_texte)
        VALUES ('delete', old.rowid, old.num_unique, old.demandeur, old.communes_texte);
      END;
      CREATE TRIGGER demandes_fts_au_new AFTER UPDATE OF demandeur, communes_texte ON demandes
      WHEN new.demandeur IS NOT NULL BEGIN
        INSERT INTO demandes_fts (rowid, num_unique, demandeur, communes_texte)
        VALUES (new.rowid, new.num_unique, new.demandeur, new.communes_texte);
      END;
    `);
  },
};
