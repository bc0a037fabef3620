// Synchronisation: the run in progress, the next allowed sequence and its countdown, the
// button that explains why it is disabled, failures by cause, gaps, history and charts.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type {
  SequenceHistorique,
  SyncProgress,
  SyncStatus,
} from '../../../src-main/core/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { ErrorState, InlineError, Loading } from '../components/states.tsx';
import {
  formatDate,
  formatDateTime,
  formatDuree,
  formatEntier,
  formatTime,
  pluriel,
} from '../format/fr.ts';
import { useNow, useQuery } from '../hooks/use-query.ts';
import { SyncFailures } from './SyncFailures.tsx';

export function SyncScreen(): ReactNode {
  const { api, version, progress } = useAppState();
  const [tick, setTick] = useState(0);
  const status = useQuery(() => api.getSyncStatus(), [api, version, tick]);
  const sequences = useQuery(() => api.listSequences(50), [api, version, tick]);
  const reload = (): void => setTick((t) => t + 1);

  if (status.status === 'error' && !status.data) return <ErrorState error={status.error} />;
  if (!status.data) return <Loading />;
  const s = status.data;
  const live = s.running ? (progress ?? s.progress) : null;

  return (
    <section className="screen screen-sync" aria-labelledby="titre-sync">
      <header className="screen-header">
        <h1 id="titre-sync">Synchronisation</h1>
      </header>
      <StartPanel status={s} onChange={reload} />
      {live ? <RunPanel progress={live} /> : null}
      {s.alerteFrequence ? (
        <p className="notice notice-warning">
          Moins de 2 synchronisations ont eu lieu ces dernières 24 heures : le SNE en attend au
          moins deux par jour. Laissez l’application ouverte aux heures prévues.
        </p>
      ) : null}
      <Gaps status={s} />
      <SyncFailures status={s} onChange={reload} />
      <History sequences={sequences.data ?? []} error={sequences.error} />
    </section>
  );
}

function StartPanel(props: { status: SyncStatus; onChange: () => void }): ReactNode {
  const { api, invalidate } = useAppState();
  const now = useNow(1000);
  const [error, setError] = useState<unknown>(null);
  const [refus, setRefus] = useState<string | null>(null);
  const s = props.status;
  const next = s.nextAllowedAt ? new Date(s.nextAllowedAt) : null;
  const wait = next ? Math.ceil((next.getTime() - now.getTime()) / 1000) : 0;
  const reason = s.running
    ? 'Une synchronisation est en cours.'
    : wait > 0 && next
      ? `Prochaine synchronisation autorisée à ${formatTime(next)} (dans ${formatDuree(wait)}) : le SNE n’accepte qu’une séquence par heure.`
      : null;

  function start(): void {
    setError(null);
    setRefus(null);
    api.startSync().then((result) => {
      if (!result.started) setRefus(result.raison);
      invalidate();
      props.onChange();
    }, setError);
  }

  return (
    <div className="panel start-panel">
      <dl className="header-facts">
        <div>
          <dt>Dernière séquence</dt>
          <dd>{formatDateTime(s.lastSequenceAt)}</dd>
        </div>
        <div>
          <dt>Prochaine autorisée</dt>
          <dd>{s.nextAllowedAt ? formatDateTime(s.nextAllowedAt) : 'maintenant'}</dd>
        </div>
        <div>
          <dt>Couvert jusqu’au</dt>
          <dd>{formatDateTime(s.watermark)}</dd>
        </div>
        <div>
          <dt>File d’attente</dt>
          <dd>
            {formatEntier(s.queue.pending)} à récupérer · {formatEntier(s.queue.done)} faits ·{' '}
            {formatEntier(s.queue.failed)} en échec
          </dd>
        </div>
      </dl>
      <div className="start-action">
        <button
          type="button"
          className="primary"
          onClick={start}
          disabled={reason !== null}
          aria-describedby={reason ? 'raison-sync' : undefined}
        >
          Synchroniser maintenant
        </button>
        {reason ? (
          <p id="raison-sync" className="muted" aria-live="polite">
            {reason}
          </p>
        ) : null}
        {refus ? <p className="inline-error">{refus}</p> : null}
        <InlineError error={error} />
      </div>
    </div>
  );
}

function RunPanel(props: { progress: SyncProgress }): ReactNode {
  const p = props.progress;
  return (
    <div className="panel run-panel" aria-label="Synchronisation en cours">
      <h2>En cours</h2>
      {p.fenetre ? (
        <p className="muted">
          Fenêtre du {formatDateTime(p.fenetre.depuis)} au{' '}
          {p.fenetre.jusque ? formatDateTime(p.fenetre.jusque) : 'maintenant'}
        </p>
      ) : null}
      <ProgressBar
        label="Pages GDM"
        value={p.pages}
        max={p.pagesTotal}
        detail={`${formatEntier(p.pages)}${p.pagesTotal ? ` / ${formatEntier(p.pagesTotal)}` : ''}`}
      />
      <ProgressBar
        label="Blocs récupérés"
        value={p.blocsFaits}
        max={p.blocsTotal}
        detail={`${formatEntier(p.blocsFaits)} / ${formatEntier(p.blocsTotal)} · ${formatEntier(Math.round(p.parSeconde))} par seconde · reste ${formatDuree(p.resteSecondes)}${p.echecs ? ` · ${pluriel(p.echecs, 'échec')}` : ''}`}
      />
      <p className="muted">
        Vous pouvez continuer à travailler : la synchronisation se poursuit en arrière-plan.
      </p>
    </div>
  );
}

function Gaps(props: { status: SyncStatus }): ReactNode {
  if (props.status.gaps.length === 0) return null;
  return (
    <div className="panel notice-error" role="region" aria-label="Trous de synchronisation">
      <h2>Périodes non couvertes</h2>
      <p>
        L’application est restée fermée plus longtemps que les 7 jours que le SNE permet de
        rattraper : les mouvements de ces périodes n’ont pas pu être obtenus.
      </p>
      <ul>
        {props.status.gaps.map((g) => (
          <li key={g.depuis}>
            du {formatDateTime(g.depuis)} au {formatDateTime(g.jusque)}
          </li>
        ))}
      </ul>
      <p>
        Récupération : les demandes déjà en cache peuvent être actualisées (bouton « Actualiser » de
        chaque demande) ; une demande créée pendant cette période apparaîtra à son prochain
        mouvement. Pour un rattrapage complet, contactez l’assistance du SNE.
      </p>
    </div>
  );
}

function History(props: { sequences: SequenceHistorique[]; error: unknown }): ReactNode {
  if (props.error) return <ErrorState error={props.error} />;
  const seqs = props.sequences;
  const perDay = new Map<string, number>();
  for (const s of [...seqs].reverse()) {
    const day = formatDate(s.commenceLe).slice(0, 5);
    perDay.set(day, (perDay.get(day) ?? 0) + s.demandes);
  }
  const durations = [...seqs]
    .reverse()
    .filter((s) => s.termineLe)
    .map((s) => ({
      label: formatTime(s.commenceLe),
      value:
        (new Date(s.termineLe ?? s.commenceLe).getTime() - new Date(s.commenceLe).getTime()) / 1000,
      title: `${formatDateTime(s.commenceLe)} : ${formatDuree((new Date(s.termineLe ?? s.commenceLe).getTime() - new Date(s.commenceLe).getTime()) / 1000)}`,
    }));
  return (
    <div className="panel">
      <h2>Historique des séquences</h2>
      <div className="charts">
        <BarChart
          title="Demandes mouvementées par jour"
          empty="Aucune séquence pour l’instant."
          bars={[...perDay].map(([label, value]) => ({
            label,
            value,
            title: `${label} : ${value}`,
          }))}
        />
        <BarChart
          title="Durée des synchronisations"
          empty="Aucune séquence terminée."
          bars={durations}
        />
      </div>
      {seqs.length === 0 ? (
        <p className="muted">Aucune séquence n’a encore été lancée.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Séquences, de la plus récente à la plus ancienne</caption>
          <thead>
            <tr>
              <th scope="col">Début</th>
              <th scope="col">Fenêtre</th>
              <th scope="col">Demandes</th>
              <th scope="col">Durée</th>
              <th scope="col">Statut</th>
            </tr>
          </thead>
          <tbody>
            {seqs.map((s) => (
              <tr key={s.id}>
                <td>{formatDateTime(s.commenceLe)}</td>
                <td>
                  {formatDateTime(s.depuis)} → {s.jusque ? formatDateTime(s.jusque) : '…'}
                </td>
                <td>{formatEntier(s.demandes)}</td>
                <td>
                  {s.termineLe
                    ? formatDuree(
                        (new Date(s.termineLe).getTime() - new Date(s.commenceLe).getTime()) / 1000,
                      )
                    : '—'}
                </td>
                <td>{STATUT_SEQUENCE[s.statut]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const STATUT_SEQUENCE: Record<SequenceHistorique['statut'], string> = {
  EN_COURS: 'En cours',
  TERMINEE: 'Terminée',
  ABANDONNEE: 'Abandonnée',
};
