// The frame: navigation, status strip, the current place, and the global search.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { GuichetApi, ListeDemandesQuery } from '../../../src-main/core/api-types.ts';
import { DemandeScreen } from '../screens/DemandeScreen.tsx';
import { DemandesScreen } from '../screens/DemandesScreen.tsx';
import { DrmScreen } from '../screens/DrmScreen.tsx';
import { Reporting3dsScreen } from '../screens/Reporting3dsScreen.tsx';
import { SettingsScreen } from '../screens/SettingsScreen.tsx';
import { SyncScreen } from '../screens/SyncScreen.tsx';
import { WelcomeScreen } from '../screens/WelcomeScreen.tsx';
import { useQuery } from '../hooks/use-query.ts';
import { AppStateProvider, useAppState } from './app-state.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';
import { NavBar } from './NavBar.tsx';
import { useRoute } from './route.ts';
import type { Route } from './route.ts';
import { StatusStrip } from './StatusStrip.tsx';

export function App(props: { api: GuichetApi }): ReactNode {
  return (
    <AppStateProvider api={props.api}>
      <Frame />
    </AppStateProvider>
  );
}

function Frame(): ReactNode {
  const { api, progress, version } = useAppState();
  const route = useRoute();
  // The Demandes list's search, filters and sort live here, above the places, so that the agent
  // finds the working list as left after opening a demand or jumping to one with Ctrl+K; only
  // the global search's « Toutes les demandes pour … » replaces it.
  const [query, setQuery] = useState<ListeDemandesQuery>({});
  const [pollTick, setPollTick] = useState(0);
  const firstStart = useQuery(() => isFirstStart(api), [api, version]);

  // The status strip and countdowns read the engine's state; poll it gently as a fallback to
  // the progress events (a scheduled run started by the main process, the network coming back).
  useEffect(() => {
    const timer = setInterval(() => setPollTick((t) => t + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  // Move focus to the new place so that keyboard and screen-reader users land on it.
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.place]);

  const showWelcome =
    route.place === 'accueil' || (route.place === 'demandes' && firstStart.data === true);
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Aller au contenu
      </a>
      <NavBar
        current={showWelcome ? 'accueil' : route.place}
        syncRunning={progress !== null && progress.phase !== 'termine'}
      />
      <div className="app-body">
        <StatusStrip pollTick={pollTick} />
        <main id="main" tabIndex={-1}>
          {showWelcome ? <WelcomeScreen /> : screenOf(route, api, query, setQuery)}
        </main>
      </div>
      <GlobalSearch onSearchList={(q) => setQuery({ q })} />
    </div>
  );
}

function screenOf(
  route: Route,
  api: GuichetApi,
  query: ListeDemandesQuery,
  setQuery: (q: ListeDemandesQuery) => void,
): ReactNode {
  switch (route.place) {
    case 'demande':
      return <DemandeScreen numUnique={route.numUnique} onglet={route.onglet} />;
    case 'synchronisation':
      return <SyncScreen />;
    case 'drm':
      return <DrmScreen api={api} numUnique={route.numUnique} />;
    case '3ds':
      return <Reporting3dsScreen api={api} />;
    case 'parametres':
      return <SettingsScreen />;
    default:
      return <DemandesScreen query={query} onQuery={setQuery} />;
  }
}

/** Nothing configured yet: no certificate, no sequence ever run, an empty cache. */
async function isFirstStart(api: GuichetApi): Promise<boolean> {
  const [cert, status, page] = await Promise.all([
    api.getCertificate(),
    api.getSyncStatus(),
    api.listDemandes({ limit: 1 }),
  ]);
  return cert === null && status.lastSequenceAt === null && page.total === 0 && !status.running;
}
