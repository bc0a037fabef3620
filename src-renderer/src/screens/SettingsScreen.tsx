// Paramètres: environment, certificate, GDM filters, schedule, overlap, heavy blocks, data
// folder, and erasing the local data. The core validates and answers in French.
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { Settings } from '../../../src-main/core/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { ErrorState, InlineError, Loading } from '../components/states.tsx';
import { useQuery } from '../hooks/use-query.ts';
import { CertificateSection } from './CertificateForm.tsx';
import { ENVIRONNEMENTS } from './environments.ts';

const list = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Draft {
  environnement: Settings['environnement'];
  sneUrl: string;
  departements: string;
  communes: string;
  guichetsExclus: string;
  horaires: string;
  overlapMinutes: string;
  blocsLourdsALaDemande: boolean;
}

function draftOf(s: Settings): Draft {
  return {
    environnement: s.environnement,
    sneUrl: s.sneUrl,
    departements: s.departements.join(', '),
    communes: s.communes.join(', '),
    guichetsExclus: s.guichetsExclus.join(', '),
    horaires: s.horaires.join(', '),
    overlapMinutes: String(s.overlapMinutes),
    blocsLourdsALaDemande: s.blocsLourdsALaDemande,
  };
}

export function SettingsScreen(): ReactNode {
  const { api, version, invalidate } = useAppState();
  const [tick, setTick] = useState(0);
  const settings = useQuery(() => api.getSettings(), [api, version, tick]);
  const certificat = useQuery(() => api.getCertificate(), [api, version, tick]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the form restarts from what the core saved whenever it changes
    if (settings.data) setDraft(draftOf(settings.data));
  }, [settings.data]);

  if (settings.status === 'error' && !settings.data) return <ErrorState error={settings.error} />;
  if (!settings.data || !draft) return <Loading />;
  const dataDir = settings.data.dataDir;
  const set = (patch: Partial<Draft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };

  function save(event: FormEvent): void {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    api
      .updateSettings({
        environnement: draft.environnement,
        sneUrl: draft.sneUrl.trim(),
        departements: list(draft.departements),
        communes: list(draft.communes),
        guichetsExclus: list(draft.guichetsExclus),
        horaires: list(draft.horaires),
        overlapMinutes: Number(draft.overlapMinutes),
        blocsLourdsALaDemande: draft.blocsLourdsALaDemande,
      })
      .then(() => {
        setSaved(true);
        invalidate();
      }, setError);
  }

  return (
    <section className="screen screen-settings" aria-labelledby="titre-parametres">
      <header className="screen-header">
        <h1 id="titre-parametres">Paramètres</h1>
      </header>
      <div className="settings-columns">
        <form onSubmit={save} className="settings-form" aria-label="Paramètres de synchronisation">
          <fieldset className="panel">
            <legend>Environnement</legend>
            {ENVIRONNEMENTS.map((env) => (
              <label key={env.id} className={`radio-card${env.id === 'PROD' ? ' radio-prod' : ''}`}>
                <input
                  type="radio"
                  name="environnement"
                  value={env.id}
                  checked={draft.environnement === env.id}
                  onChange={() =>
                    set({ environnement: env.id, sneUrl: env.url ?? settings.data?.sneUrl ?? '' })
                  }
                />
                <span>
                  <strong>{env.label}</strong> <span className="mono">{env.url ?? 'local'}</span>
                  <br />
                  <span className="muted">{env.aide}</span>
                </span>
              </label>
            ))}
            <label htmlFor="sne-url">Adresse du SNE</label>
            <input
              id="sne-url"
              type="url"
              value={draft.sneUrl}
              onChange={(e) => set({ sneUrl: e.target.value })}
            />
          </fieldset>
          <fieldset className="panel form-grid">
            <legend>Filtres des demandes mouvementées</legend>
            <label htmlFor="departements">Départements</label>
            <input
              id="departements"
              value={draft.departements}
              placeholder="42, 69"
              onChange={(e) => set({ departements: e.target.value })}
            />
            <label htmlFor="communes">Communes (codes INSEE)</label>
            <input
              id="communes"
              value={draft.communes}
              placeholder="42218"
              onChange={(e) => set({ communes: e.target.value })}
            />
            <label htmlFor="guichets-exclus">Guichets exclus</label>
            <input
              id="guichets-exclus"
              value={draft.guichetsExclus}
              placeholder="votre propre guichet par défaut"
              onChange={(e) => set({ guichetsExclus: e.target.value })}
            />
          </fieldset>
          <fieldset className="panel form-grid">
            <legend>Calendrier</legend>
            <label htmlFor="horaires">Heures de synchronisation (jours ouvrés)</label>
            <input
              id="horaires"
              value={draft.horaires}
              placeholder="08:30, 12:30, 17:30"
              onChange={(e) => set({ horaires: e.target.value })}
            />
            <label htmlFor="overlap">Chevauchement des fenêtres (minutes)</label>
            <input
              id="overlap"
              type="number"
              min={0}
              max={120}
              value={draft.overlapMinutes}
              onChange={(e) => set({ overlapMinutes: e.target.value })}
            />
            <label htmlFor="blocs-lourds" className="checkbox-label">
              <input
                id="blocs-lourds"
                type="checkbox"
                checked={draft.blocsLourdsALaDemande}
                onChange={(e) => set({ blocsLourdsALaDemande: e.target.checked })}
              />
              Récupérer la note de cotation et les pièces seulement à la demande
            </label>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="primary">
              Enregistrer
            </button>
            {saved ? (
              <span role="status" className="text-ok">
                Paramètres enregistrés.
              </span>
            ) : null}
          </div>
          <InlineError error={error} />
        </form>
        <div>
          <CertificateSection
            certificat={certificat.data ?? null}
            onChange={() => setTick((t) => t + 1)}
          />
          <DataSection dataDir={dataDir} />
        </div>
      </div>
    </section>
  );
}

function DataSection(props: { dataDir: string }): ReactNode {
  const { api, invalidate } = useAppState();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  return (
    <fieldset className="panel">
      <legend>Données locales</legend>
      <p>
        Dossier des données : <span className="mono">{props.dataDir}</span>
      </p>
      <p className="muted">
        Le cache est chiffré ; la clé est gardée dans le trousseau du système.
      </p>
      {confirm ? (
        <div
          className="notice notice-warning"
          role="alertdialog"
          aria-label="Confirmer l’effacement"
        >
          <p>
            Toutes les demandes du cache et l’historique des synchronisations seront effacés. Le
            certificat et les paramètres sont conservés. Une nouvelle synchronisation sera
            nécessaire.
          </p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setError(null);
              api.clearLocalData().then(() => {
                setDone(true);
                setConfirm(false);
                invalidate();
              }, setError);
            }}
          >
            Effacer définitivement
          </button>
          <button type="button" onClick={() => setConfirm(false)}>
            Annuler
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirm(true)}>
          Effacer les données locales
        </button>
      )}
      {done ? <p role="status">Les données locales ont été effacées.</p> : null}
      <InlineError error={error} />
    </fieldset>
  );
}
