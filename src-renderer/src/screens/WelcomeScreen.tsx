// First start, nothing configured: connect with the guichet's certificate, or try the
// built-in simulator in one click.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useAppState } from '../app/app-state.tsx';
import { navigate } from '../app/route.ts';
import { InlineError } from '../components/states.tsx';

export function WelcomeScreen(): ReactNode {
  const { api, invalidate } = useAppState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function trySimulator(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.useBuiltInSimulator();
      await api.startSync();
      invalidate();
      navigate({ place: 'synchronisation' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="screen screen-welcome" aria-labelledby="titre-accueil">
      <h1 id="titre-accueil">Bienvenue</h1>
      <p>
        Cette application garde une copie à jour, consultable hors ligne, des demandes de logement
        social qui concernent votre guichet, directement depuis le SNE.
      </p>
      <div className="welcome-choices">
        <div className="panel">
          <h2>Connecter mon guichet</h2>
          <p>
            Importez le certificat (.p12) du guichet, choisissez l’environnement ÉCOLE ou PROD, puis
            lancez la première synchronisation.
          </p>
          <a className="button" href="#/parametres">
            Configurer le certificat
          </a>
        </div>
        <div className="panel">
          <h2>Essayer sans certificat</h2>
          <p>
            Le simulateur intégré joue le rôle du SNE avec des demandes fictives : idéal pour
            découvrir l’application ou former une équipe.
          </p>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void trySimulator()}
          >
            {busy ? 'Démarrage du simulateur…' : 'Essayer avec le simulateur intégré'}
          </button>
          <InlineError error={error} />
        </div>
      </div>
    </section>
  );
}
