// Opened in a browser without the token: explain how to get the right address.
import type { ReactNode } from 'react';

export function NoConnection(): ReactNode {
  return (
    <main className="state state-error no-connection">
      <h1>Adresse incomplète</h1>
      <p>
        Cette page doit être ouverte avec l’adresse complète affichée par{' '}
        <code>sne-guichet serve</code> (elle contient un jeton d’accès). Copiez-la depuis le
        terminal.
      </p>
    </main>
  );
}
