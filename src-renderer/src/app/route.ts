// The address of each place, in the URL hash so that reloads and the back key keep the place.
import { useEffect, useState } from 'react';

export type Route =
  | { place: 'demandes' }
  | { place: 'demande'; numUnique: string; onglet: string | null }
  | { place: 'synchronisation' }
  | { place: 'drm'; numUnique: string | null }
  | { place: '3ds' }
  | { place: 'parametres' }
  | { place: 'accueil' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  switch (parts[0]) {
    case 'demandes':
      return parts[1]
        ? { place: 'demande', numUnique: parts[1], onglet: parts[2] ?? null }
        : { place: 'demandes' };
    case 'synchronisation':
      return { place: 'synchronisation' };
    case 'drm':
      return { place: 'drm', numUnique: parts[1] ?? null };
    case '3ds':
      return { place: '3ds' };
    case 'parametres':
      return { place: 'parametres' };
    case 'accueil':
      return { place: 'accueil' };
    default:
      return { place: 'demandes' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.place) {
    case 'demande':
      return `#/demandes/${encodeURIComponent(route.numUnique)}${route.onglet ? `/${route.onglet}` : ''}`;
    case 'drm':
      return route.numUnique ? `#/drm/${encodeURIComponent(route.numUnique)}` : '#/drm';
    default:
      return `#/${route.place}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
