// The five places, always visible; the current one is marked for eyes and screen readers.
import type { ReactNode } from 'react';
import type { Route } from './route.ts';

const PLACES: { id: Route['place']; href: string; label: string; also?: Route['place'][] }[] = [
  { id: 'demandes', href: '#/demandes', label: 'Demandes', also: ['demande'] },
  { id: 'synchronisation', href: '#/synchronisation', label: 'Synchronisation' },
  { id: 'drm', href: '#/drm', label: 'Ressources DRM' },
  { id: '3ds', href: '#/3ds', label: 'Reporting 3DS' },
  { id: 'parametres', href: '#/parametres', label: 'Paramètres' },
];

export function NavBar(props: { current: Route['place']; syncRunning: boolean }): ReactNode {
  return (
    <nav className="nav" aria-label="Navigation principale">
      <p className="brand">
        SNE <span>Guichet</span>
      </p>
      <ul>
        {PLACES.map((place) => {
          const current = place.id === props.current || place.also?.includes(props.current);
          return (
            <li key={place.id}>
              <a href={place.href} aria-current={current ? 'page' : undefined} className="nav-link">
                {place.label}
                {place.id === 'synchronisation' && props.syncRunning ? (
                  <span className="nav-dot" aria-label="(en cours)" role="img" />
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
      <p className="nav-hint">
        <kbd>Ctrl</kbd>+<kbd>K</kbd> recherche
      </p>
    </nav>
  );
}
