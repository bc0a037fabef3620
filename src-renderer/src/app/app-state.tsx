// What every screen shares: the API, the latest sync progress, and a data version that moves
// when the cache changed (a sync or a refresh ended), so that screens refetch what they show.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { GuichetApi, SyncProgress } from '../../../src-main/core/api-types.ts';

interface AppState {
  api: GuichetApi;
  progress: SyncProgress | null;
  version: number;
  /** Tells every screen the cache or the settings changed. */
  invalidate: () => void;
}

const Context = createContext<AppState | null>(null);

export function AppStateProvider(props: { api: GuichetApi; children: ReactNode }): ReactNode {
  const { api } = props;
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [version, setVersion] = useState(0);
  const invalidate = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let lastPhase: SyncProgress['phase'] | null = null;
    return api.onSyncProgress((next) => {
      setProgress(next);
      // Refetch when a page of blocks landed or the run ended, not on every tick.
      if (next.phase === 'termine' || lastPhase !== next.phase) setVersion((v) => v + 1);
      lastPhase = next.phase;
    });
  }, [api]);

  const value = useMemo(
    () => ({ api, progress, version, invalidate }),
    [api, progress, version, invalidate],
  );
  return <Context.Provider value={value}>{props.children}</Context.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(Context);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
