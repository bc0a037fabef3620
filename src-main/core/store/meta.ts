// Small facts the engine keeps between runs (server clock offset, Retry-After deadline).
import type { Store } from './open.ts';

export function getMeta(store: Store, cle: string): string | null {
  const row = store.statement<{ valeur: string }>('SELECT valeur FROM meta WHERE cle = ?').get(cle);
  return row?.valeur ?? null;
}

export function setMeta(store: Store, cle: string, valeur: string): void {
  store
    .statement(
      'INSERT INTO meta (cle, valeur) VALUES (?, ?) ON CONFLICT (cle) DO UPDATE SET valeur = excluded.valeur',
    )
    .run(cle, valeur);
}

export function getMetaNumber(store: Store, cle: string): number | null {
  const value = getMeta(store, cle);
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
