// Past 3DS extractions in the cache (table extractions_3ds, migration 030): each one keeps the
// SNE's answer, the filters sent and the time of the call, so that it reopens offline and
// exports again exactly as it was.
import type { ApiDatabase } from '../api/context.ts';
import type { Extraction3dsResume, Filtres3ds } from '../api-types.ts';
import { GuichetError } from '../errors.ts';
import type { Extraction3ds, Rapport3ds } from './rapport-3ds.ts';

interface Row {
  id: number;
  extraitLe: string;
  dateExtraction: string;
  filtres: string;
  lignesAgregees: number;
  lignesDetaillees: number;
}

export function saveExtraction3ds(
  db: ApiDatabase,
  extraitLe: string,
  filtres: Filtres3ds,
  rapport: Rapport3ds,
): number {
  const result = db
    .prepare(
      `INSERT INTO extractions_3ds (extrait_le, date_extraction, annee, filtres, rapport,
         lignes_agregees, lignes_detaillees) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      extraitLe,
      rapport.dateExtraction,
      rapport.annee,
      JSON.stringify(filtres),
      JSON.stringify(rapport),
      rapport.agrege.length,
      rapport.detail.length,
    );
  return Number(result.lastInsertRowid);
}

const RESUME_COLUMNS = `id, extrait_le AS extraitLe, date_extraction AS dateExtraction, filtres,
  lignes_agregees AS lignesAgregees, lignes_detaillees AS lignesDetaillees`;

/** Newest first. */
export function listExtractions3ds(db: ApiDatabase, limit = 200): Extraction3dsResume[] {
  const rows = db
    .prepare(`SELECT ${RESUME_COLUMNS} FROM extractions_3ds ORDER BY id DESC LIMIT ?`)
    .all(limit) as Row[];
  return rows.map(resume);
}

export function getExtraction3ds(db: ApiDatabase, id: number): Extraction3ds {
  const row = db
    .prepare(
      `SELECT id, extrait_le AS extraitLe, filtres, rapport FROM extractions_3ds WHERE id = ?`,
    )
    .get(id) as { id: number; extraitLe: string; filtres: string; rapport: string } | undefined;
  if (!row) {
    throw new GuichetError(
      'ARGUMENT_INVALIDE',
      `L'extraction 3DS n° ${String(id)} n'existe pas (ou plus) dans le cache local.`,
      { id },
    );
  }
  return {
    id: row.id,
    extraitLe: row.extraitLe,
    filtres: JSON.parse(row.filtres) as Filtres3ds,
    rapport: JSON.parse(row.rapport) as Rapport3ds,
  };
}

export function resumeOf(e: Extraction3ds): Extraction3dsResume {
  return {
    id: e.id,
    dateExtraction: e.rapport.dateExtraction,
    filtres: e.filtres,
    lignesAgregees: e.rapport.agrege.length,
    lignesDetaillees: e.rapport.detail.length,
  };
}

function resume(row: Row): Extraction3dsResume {
  return {
    id: row.id,
    dateExtraction: row.dateExtraction,
    filtres: JSON.parse(row.filtres) as Filtres3ds,
    lignesAgregees: row.lignesAgregees,
    lignesDetaillees: row.lignesDetaillees,
  };
}
