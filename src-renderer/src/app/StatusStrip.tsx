// The status strip: where the data comes from and how fresh it is, always in view.
import type { ReactNode } from 'react';
import { libelleEnvironnement } from '../screens/environments.ts';
import { formatDateTime, formatTime } from '../format/fr.ts';
import { useQuery } from '../hooks/use-query.ts';
import { useAppState } from './app-state.tsx';

export function StatusStrip(props: { pollTick: number }): ReactNode {
  const { api, version } = useAppState();
  const settings = useQuery(() => api.getSettings(), [api, version]);
  const cert = useQuery(() => api.getCertificate(), [api, version]);
  const status = useQuery(() => api.getSyncStatus(), [api, version, props.pollTick]);
  const env = settings.data?.environnement;
  const c = cert.data;
  const s = status.data;
  const serveurInjoignable = status.status === 'error';
  return (
    <div className="status-strip" role="status" aria-label="État de l’application">
      <span className={`env env-${env ?? 'inconnu'}`}>{env ? libelleEnvironnement(env) : '…'}</span>
      <span>
        Guichet <strong className="mono">{c?.guichet ?? '—'}</strong>
      </span>
      <span className={c && c.daysLeft < 30 ? 'text-warning strong' : undefined}>
        {c ? `Certificat : ${c.daysLeft} j restants` : 'Aucun certificat'}
      </span>
      <span>
        Dernière synchro : {s?.lastSequenceAt ? formatDateTime(s.lastSequenceAt) : 'jamais'}
      </span>
      <span>
        Prochaine :{' '}
        {s?.running ? 'en cours' : s?.nextAllowedAt ? formatTime(s.nextAllowedAt) : 'maintenant'}
      </span>
      {s?.horsLigne || serveurInjoignable ? (
        <span className="offline">
          hors ligne{serveurInjoignable ? ' (serveur local)' : ''} — le cache reste consultable
        </span>
      ) : null}
      {s && s.failures.length > 0 ? (
        <a href="#/synchronisation" className="text-error">
          {s.failures.length} échec{s.failures.length > 1 ? 's' : ''}
        </a>
      ) : null}
    </div>
  );
}
