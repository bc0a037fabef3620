// One demand: what the agent needs first (applicant, household, communes, status, DALO,
// cotation), then a tab per block with its fetch time, what is missing and why, and
// "Actualiser" through the same 4 slots as the synchronisation.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { DemandeDetail } from '../../../src-main/core/api-types.ts';
import type { Bloc } from '../../../src-main/core/sne/blocs.ts';
import { useAppState } from '../app/app-state.tsx';
import { hrefOf, navigate } from '../app/route.ts';
import {
  AttributionsPanel,
  ContingentsPanel,
  CriteresPanel,
  DaloPanel,
  EvenementsPanel,
} from '../blocks/SmallPanels.tsx';
import { CerfaPanel } from '../blocks/CerfaPanel.tsx';
import { CotationPanel, PiecesPanel } from '../blocks/PiecesPanels.tsx';
import { ErrorState, InlineError, Loading } from '../components/states.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { MOTIF_RADIATION, NOM_BLOC, STATUT_DALO, libelle, libelleCourt } from '../format/codes.ts';
import { formatDateTime, formatEntier } from '../format/fr.ts';
import { useQuery } from '../hooks/use-query.ts';

const ONGLETS: { id: string; label: string; blocs: Bloc[] }[] = [
  { id: 'cerfa', label: 'Cerfa', blocs: ['cerfa'] },
  { id: 'dalo', label: 'DALO', blocs: ['dalo'] },
  { id: 'evenements', label: 'Événements', blocs: ['evenements'] },
  { id: 'contingents', label: 'Contingents', blocs: ['contingents'] },
  { id: 'attributions', label: 'Attributions', blocs: ['attributions'] },
  { id: 'criteres', label: 'Critères', blocs: ['criteres'] },
  { id: 'cotation', label: 'Cotation', blocs: ['cotation', 'noteCotation'] },
  { id: 'pieces', label: 'Pièces', blocs: ['pieces'] },
];

export function DemandeScreen(props: { numUnique: string; onglet: string | null }): ReactNode {
  const { api, version, invalidate } = useAppState();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const detail = useQuery(() => api.getDemande(props.numUnique), [api, props.numUnique, version]);

  if (detail.status === 'error' && !detail.data) return <ErrorState error={detail.error} />;
  if (detail.data === null && detail.status === 'loading') return <Loading />;
  if (detail.data === null) {
    return (
      <ErrorState
        error={new Error(`La demande ${props.numUnique} n’est pas dans le cache local.`)}
        consequence="Elle n’a pas encore été synchronisée, ou elle ne concerne pas ce guichet."
        action={<a href="#/demandes">Retour à la liste</a>}
      />
    );
  }
  const d = detail.data;
  const onglet = ONGLETS.find((o) => o.id === props.onglet)?.id ?? 'cerfa';

  function refresh(): void {
    setRefreshing(true);
    setRefreshError(null);
    api
      .refreshDemande(props.numUnique)
      .then(invalidate, setRefreshError)
      .finally(() => setRefreshing(false));
  }

  return (
    <section className="screen screen-demande" aria-labelledby="titre-demande">
      <p className="breadcrumb">
        <a href="#/demandes">Demandes</a> › <span className="mono">{d.numUnique}</span>
      </p>
      <DemandeHeader detail={d} onRefresh={refresh} refreshing={refreshing} />
      <InlineError error={refreshError} />
      <Manquants detail={d} />
      <Tabs
        label="Blocs de la demande"
        current={onglet}
        onSelect={(id) => navigate({ place: 'demande', numUnique: d.numUnique, onglet: id })}
        items={ONGLETS.map((o) => ({
          id: o.id,
          label: o.label,
          badge: o.blocs.some((b) => d.manquants.some((m) => m.bloc === b && b === o.blocs[0]))
            ? 'manquant'
            : o.blocs.some((b) => d.enAttente.includes(b))
              ? 'à actualiser'
              : undefined,
        }))}
      >
        <BlocPanel detail={d} onglet={onglet} />
      </Tabs>
    </section>
  );
}

function DemandeHeader(props: {
  detail: DemandeDetail;
  onRefresh: () => void;
  refreshing: boolean;
}): ReactNode {
  const cerfa = props.detail.blocs.cerfa?.contenu;
  const dalo = props.detail.blocs.dalo?.contenu;
  const cotation = props.detail.blocs.cotation?.contenu;
  const demandeur = cerfa?.personnePhysique.demandeur;
  const menage = cerfa
    ? 1 + cerfa.personnePhysique.listePersonneACharge.length + cerfa.listeCotitulaire.length
    : null;
  const radiation = cerfa?.radiation;
  return (
    <header className="demande-header">
      <div>
        <h1 id="titre-demande">
          {demandeur ? `${demandeur.nom} ${demandeur.prenom}` : 'Demandeur inconnu'}
        </h1>
        <p className="mono">{props.detail.numUnique}</p>
      </div>
      <dl className="header-facts">
        <div>
          <dt>Ménage</dt>
          <dd>{menage === null ? '—' : `${menage} personne${menage > 1 ? 's' : ''}`}</dd>
        </div>
        <div>
          <dt>Communes souhaitées</dt>
          <dd>
            {cerfa?.logementRecherche.listeLocalisationSouhaite
              .map((l) => props.detail.nomsCommunes[l.commune] ?? l.commune)
              .join(', ') ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Statut</dt>
          <dd>
            {radiation ? (
              <span className="badge badge-muted">
                Radiée — {libelle(MOTIF_RADIATION, radiation.motifRadiation)}
              </span>
            ) : (
              <span className="badge badge-ok">Active</span>
            )}
          </dd>
        </div>
        <div>
          <dt>DALO</dt>
          <dd title={dalo?.statutDalo}>{libelleCourt(STATUT_DALO, dalo?.statutDalo)}</dd>
        </div>
        <div>
          <dt>Cotation</dt>
          <dd>{cotation ? `${formatEntier(cotation.note)} points` : '—'}</dd>
        </div>
      </dl>
      <div className="header-actions">
        <button
          type="button"
          className="primary"
          onClick={props.onRefresh}
          disabled={props.refreshing}
        >
          {props.refreshing ? 'Actualisation…' : 'Actualiser'}
        </button>
        <a href={hrefOf({ place: 'drm', numUnique: props.detail.numUnique })}>Ressources DRM</a>
      </div>
    </header>
  );
}

function Manquants(props: { detail: DemandeDetail }): ReactNode {
  if (props.detail.manquants.length === 0) return null;
  return (
    <div className="notice notice-warning">
      <h2>Blocs absents du cache</h2>
      <ul>
        {props.detail.manquants.map((m) => (
          <li key={m.bloc}>
            <strong>{NOM_BLOC[m.bloc]}</strong> : {m.raison}
          </li>
        ))}
      </ul>
    </div>
  );
}

function BlocPanel(props: { detail: DemandeDetail; onglet: string }): ReactNode {
  const { detail } = props;
  const b = detail.blocs;
  const manque = (bloc: Bloc): string | null =>
    detail.manquants.find((m) => m.bloc === bloc)?.raison ?? null;
  const meta = (bloc: Bloc): ReactNode => {
    const lu = b[bloc];
    return (
      <p className="bloc-meta">
        {lu
          ? `Récupéré le ${formatDateTime(lu.recupereLe)} (réponse du SNE du ${formatDateTime(lu.dateFichier)})`
          : null}
        {detail.enAttente.includes(bloc) ? (
          <span className="badge badge-warning">
            Un mouvement plus récent attend d’être récupéré
          </span>
        ) : null}
      </p>
    );
  };
  const absent = (bloc: Bloc): ReactNode => (
    <p className="muted">{manque(bloc) ?? 'Ce bloc n’a pas encore été récupéré.'}</p>
  );

  switch (props.onglet) {
    case 'dalo':
      return (
        <>
          {meta('dalo')}
          {b.dalo ? <DaloPanel dalo={b.dalo.contenu} /> : absent('dalo')}
        </>
      );
    case 'evenements':
      return (
        <>
          {meta('evenements')}
          {b.evenements ? (
            <EvenementsPanel evenements={b.evenements.contenu} />
          ) : (
            absent('evenements')
          )}
        </>
      );
    case 'contingents':
      return (
        <>
          {meta('contingents')}
          {b.contingents ? (
            <ContingentsPanel contingents={b.contingents.contenu} />
          ) : (
            absent('contingents')
          )}
        </>
      );
    case 'attributions':
      return (
        <>
          {meta('attributions')}
          {b.attributions ? (
            <AttributionsPanel attributions={b.attributions.contenu} />
          ) : (
            absent('attributions')
          )}
        </>
      );
    case 'criteres':
      return (
        <>
          {meta('criteres')}
          {b.criteres ? <CriteresPanel criteres={b.criteres.contenu} /> : absent('criteres')}
        </>
      );
    case 'cotation':
      return (
        <>
          {meta('cotation')}
          {b.cotation === undefined && manque('cotation') ? absent('cotation') : null}
          <CotationPanel
            numUnique={detail.numUnique}
            cotation={b.cotation?.contenu}
            note={b.noteCotation?.contenu}
            noteManquante={manque('noteCotation')}
          />
        </>
      );
    case 'pieces':
      return (
        <>
          {meta('pieces')}
          {b.pieces ? (
            <PiecesPanel numUnique={detail.numUnique} pieces={b.pieces.contenu} />
          ) : (
            absent('pieces')
          )}
        </>
      );
    default:
      return (
        <>
          {meta('cerfa')}
          {b.cerfa ? (
            <CerfaPanel cerfa={b.cerfa.contenu} nomsCommunes={props.detail.nomsCommunes} />
          ) : (
            absent('cerfa')
          )}
        </>
      );
  }
}
