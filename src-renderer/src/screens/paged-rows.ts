// Rows of a long list fetched by pages as the grid scrolls: only what is in view is asked for,
// and the previous rows stay on screen while a new version loads (no flash, no layout shift).
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  DemandeResume,
  GuichetApi,
  ListeDemandesQuery,
} from '../../../src-main/core/api-types.ts';

const PAGE = 100;

export interface PagedRows {
  total: number | null;
  error: unknown;
  rowAt: (index: number) => DemandeResume | null;
  requestRange: (start: number, end: number) => void;
}

export function usePagedRows(
  api: GuichetApi,
  query: ListeDemandesQuery,
  version: number,
): PagedRows {
  const key = JSON.stringify(query);
  const pages = useRef(new Map<number, DemandeResume[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef<[number, number]>([0, PAGE]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, setTick] = useState(0);

  const load = useCallback(
    (page: number, gen: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      api.listDemandes({ ...query, offset: page * PAGE, limit: PAGE }).then(
        (result) => {
          inFlight.current.delete(page);
          if (gen !== generation.current) return;
          pages.current.set(page, result.lignes);
          setTotal(result.total);
          setError(null);
          setTick((t) => t + 1);
        },
        (e: unknown) => {
          inFlight.current.delete(page);
          if (gen === generation.current) setError(e);
        },
      );
    },
    // `query` is captured through `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  const requestRange = useCallback(
    (start: number, end: number) => {
      range.current = [start, end];
      for (
        let p = Math.floor(start / PAGE);
        p <= Math.floor(Math.max(start, end - 1) / PAGE);
        p++
      ) {
        if (!pages.current.has(p)) load(p, generation.current);
      }
    },
    [load],
  );

  // A new query starts from nothing; a new data version refetches the pages in view in place.
  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the count of a new query is unknown until its first page answers
    setTotal(null);
    load(0, generation.current);
  }, [key, load]);

  useEffect(() => {
    if (version === 0) return;
    const gen = ++generation.current;
    inFlight.current = new Set();
    const [start, end] = range.current;
    // Pages out of view would be stale: drop them, they reload when scrolled to.
    const first = Math.floor(start / PAGE);
    const lastPage = Math.floor(Math.max(start, end - 1) / PAGE);
    for (const p of [...pages.current.keys()])
      if (p < first || p > lastPage) pages.current.delete(p);
    for (let p = Math.floor(start / PAGE); p <= Math.floor(Math.max(start, end - 1) / PAGE); p++) {
      load(p, gen);
    }
  }, [version, load]);

  return {
    total,
    error,
    rowAt: (index) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE] ?? null,
    requestRange,
  };
}
