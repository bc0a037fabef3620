// Fetched blocks (table blocs). A block is only replaced by one the SNE stamped at the same
// time or later (dateFichier): a slow answer to an old call cannot undo a newer one.
import type { Bloc, BlocContenu } from '../sne/blocs.ts';
import { blocFromJson, blocToJson } from './bloc-json.ts';
import type { Store } from './open.ts';

export interface StoredBloc<B extends Bloc = Bloc> {
  bloc: B;
  contenu: BlocContenu[B];
  dateFichier: string;
  recupereMs: number;
}

/** Stores the block unless a newer one is already there; true when it was written. */
export function saveBloc(
  store: Store,
  numUnique: string,
  bloc: Bloc,
  contenu: unknown,
  dateFichier: string,
  recupereMs: number,
): boolean {
  const dateMs = Date.parse(dateFichier);
  const result = store
    .statement(
      `INSERT INTO blocs (num_unique, bloc, contenu, date_fichier, date_fichier_ms, recupere_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (num_unique, bloc) DO UPDATE SET contenu = excluded.contenu,
         date_fichier = excluded.date_fichier, date_fichier_ms = excluded.date_fichier_ms,
         recupere_ms = excluded.recupere_ms
       WHERE excluded.date_fichier_ms >= blocs.date_fichier_ms`,
    )
    .run(
      numUnique,
      bloc,
      blocToJson(contenu),
      dateFichier,
      Number.isFinite(dateMs) ? dateMs : 0,
      recupereMs,
    );
  return result.changes > 0;
}

export function getBlocs(store: Store, numUnique: string): StoredBloc[] {
  const rows = store
    .statement<{ bloc: Bloc; contenu: string; dateFichier: string; recupereMs: number }>(
      `SELECT bloc, contenu, date_fichier AS dateFichier, recupere_ms AS recupereMs
       FROM blocs WHERE num_unique = ?`,
    )
    .all(numUnique);
  return rows.map((r) => ({
    bloc: r.bloc,
    contenu: blocFromJson(r.contenu) as BlocContenu[Bloc],
    dateFichier: r.dateFichier,
    recupereMs: r.recupereMs,
  }));
}

export function blocsPresent(store: Store, numUnique: string): Bloc[] {
  return store
    .statement<Bloc>('SELECT bloc FROM blocs WHERE num_unique = ?')
    .pluck()
    .all(numUnique);
}
