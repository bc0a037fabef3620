// One read from the API with its three designed states. Stale answers (an older request that
// resolves after a newer one) are dropped, so instant search never shows an outdated list.
import { useEffect, useRef, useState } from 'react';

export type QueryState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: unknown };

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: null, error: null });
  const sequence = useRef(0);

  useEffect(() => {
    const id = ++sequence.current;
    // Keep showing the previous data while the next arrives: no layout shift, no flash.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- marking the read as loading when its inputs change is this hook's job
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    load().then(
      (data) => {
        if (id === sequence.current) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (id === sequence.current) setState((p) => ({ status: 'error', data: p.data, error }));
      },
    );
    // The caller lists what the load depends on; `load` itself is a new closure every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return state;
}

/** The current time, ticking every `everyMs`: countdowns and freshness. */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
