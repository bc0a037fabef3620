// Failures of the synchronisation, grouped by cause, with the action for each group.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { SyncStatus } from '../../../src-main/core/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { InlineError } from '../components/states.tsx';
import { pluriel } from '../format/fr.ts';
import { groupFailures } from './failure-causes.ts';

export function SyncFailures(props: { status: SyncStatus; onChange: () => void }): ReactNode {
  const { api, invalidate } = useAppState();
  const [error, setError] = useState<unknown>(null);
  const [relances, setRelances] = useState<number | null>(null);
  const groups = groupFailures(props.status.failures);
  if (groups.length === 0) {
    return (
      <div className="panel">
        <h2>Échecs</h2>
        <p className="muted">Aucun échec : chaque demande mouvementée a été récupérée.</p>
      </div>
    );
  }
  function retry(): void {
    setError(null);
    api.retryFailures().then((n) => {
      setRelances(n);
      invalidate();
      props.onChange();
    }, setError);
  }
  return (
    <div className="panel">
      <h2>Échecs ({pluriel(props.status.failures.length, 'bloc')})</h2>
      {groups.map((g) => (
        <div key={g.code} className="failure-group">
          <h3>
            <span className="badge badge-error">{g.code}</span> {pluriel(g.failures.length, 'bloc')}
          </h3>
          <p>{g.explication}</p>
          {g.failures[0] ? <p className="muted">Message du SNE : {g.failures[0].message}</p> : null}
          {g.action === 'retry' ? (
            <button type="button" onClick={retry}>
              Réessayer les échecs
            </button>
          ) : null}
          {g.action === 'certificate' ? <a href="#/parametres">Remplacer le certificat</a> : null}
          {g.action === 'assistance' ? (
            <p>Contactez l’assistance nationale du SNE en indiquant le code {g.code}.</p>
          ) : null}
        </div>
      ))}
      {relances !== null ? <p role="status">{pluriel(relances, 'bloc')} remis en file.</p> : null}
      <InlineError error={error} />
    </div>
  );
}
