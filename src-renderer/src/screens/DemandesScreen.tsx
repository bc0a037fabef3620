// Demandes: every cached DLS in one virtualised grid, with instant search, filters as chips,
// sortable columns and the freshness of each copy.
import { useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { DemandeResume, ListeDemandesQuery } from '../../../src-main/core/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { navigate } from '../app/route.ts';
import { Chip } from '../components/Chip.tsx';
import { ErrorState } from '../components/states.tsx';
import { VirtualGrid } from '../components/VirtualGrid.tsx';
import type { Column } from '../components/VirtualGrid.tsx';
import { STATUT_DALO, libelleCourt } from '../format/codes.ts';
import { formatAnciennete, formatDate, pluriel } from '../format/fr.ts';
import { useNow } from '../hooks/use-query.ts';
import { activeChips, applyFilter, removeFilter } from './demandes-filters.ts';
import { FilterAdder } from './FilterAdder.tsx';
import { usePagedRows } from './paged-rows.ts';

type SortColumn = NonNullable<ListeDemandesQuery['tri']>['colonne'];

const COLUMNS: { id: string; label: string; className: string; sortable?: SortColumn }[] = [
  { id: 'num', label: 'N° unique', className: 'col-num', sortable: 'numUnique' },
  { id: 'demandeur', label: 'Demandeur', className: 'col-name', sortable: 'demandeur' },
  { id: 'menage', label: 'Ménage', className: 'col-small' },
  { id: 'communes', label: 'Communes souhaitées', className: 'col-communes' },
  { id: 'dalo', label: 'DALO', className: 'col-dalo' },
  { id: 'etat', label: 'État', className: 'col-small' },
  { id: 'mouvement', label: 'Mouvement', className: 'col-date', sortable: 'dateMouvement' },
  { id: 'fraicheur', label: 'Fraîcheur', className: 'col-fresh', sortable: 'recupereLe' },
];

export function DemandesScreen(props: {
  query: ListeDemandesQuery;
  onQuery: (next: ListeDemandesQuery) => void;
}): ReactNode {
  const { api, version } = useAppState();
  const { query, onQuery } = props;
  const rows = usePagedRows(api, query, version);
  const now = useNow(60_000);

  const columns: Column[] = useMemo(
    () =>
      COLUMNS.map((c) => {
        const sortable = c.sortable;
        if (!sortable) return { id: c.id, label: c.label, className: c.className };
        const current = query.tri?.colonne === sortable ? query.tri.sens : 'none';
        return {
          id: c.id,
          label: c.label,
          className: c.className,
          sort: current,
          onSort: () =>
            onQuery({
              ...query,
              tri: { colonne: sortable, sens: current === 'asc' ? 'desc' : 'asc' },
            }),
        };
      }),
    [query, onQuery],
  );

  const renderCells = (index: number): ReactNode[] | null => {
    const row = rows.rowAt(index);
    return row ? cellsOf(row, now) : null;
  };
  const onOpen = (index: number): void => {
    const row = rows.rowAt(index);
    if (row) navigate({ place: 'demande', numUnique: row.numUnique, onglet: null });
  };
  const { requestRange } = rows;
  const onRangeChange = useCallback(
    (start: number, end: number) => requestRange(start, end),
    [requestRange],
  );

  const chips = activeChips(query);
  const filtered = Object.keys(query).some((k) => k !== 'tri');
  return (
    <section className="screen screen-demandes" aria-labelledby="titre-demandes">
      <header className="screen-header">
        <h1 id="titre-demandes">Demandes</h1>
        <p className="row-count" aria-live="polite">
          {rows.total === null ? 'Chargement…' : pluriel(rows.total, 'demande')}
        </p>
      </header>
      <div className="toolbar">
        <label htmlFor="recherche-demandes" className="sr-only">
          Rechercher une demande
        </label>
        <input
          id="recherche-demandes"
          type="search"
          className="search-input"
          placeholder="N° unique, nom ou commune…"
          value={query.q ?? ''}
          onChange={(e) => onQuery({ ...query, q: e.target.value || undefined })}
        />
        <FilterAdder onAdd={(kind, value) => onQuery(applyFilter(query, kind, value))} />
      </div>
      {chips.length > 0 ? (
        <div className="chips" aria-label="Filtres actifs">
          {chips.map((chip) => (
            <Chip
              key={chip.kind}
              label={chip.label}
              onRemove={() => onQuery(removeFilter(query, chip.kind))}
            />
          ))}
          <button type="button" className="link-button" onClick={() => onQuery({})}>
            Tout effacer
          </button>
        </div>
      ) : null}
      {rows.error ? <ErrorState error={rows.error} /> : null}
      {rows.total === 0 ? (
        <EmptyList filtered={filtered} />
      ) : (
        <VirtualGrid
          label="Liste des demandes"
          columns={columns}
          total={rows.total ?? 0}
          rowHeight={32}
          renderCells={renderCells}
          onRangeChange={onRangeChange}
          onOpen={onOpen}
          resetKey={JSON.stringify(query)}
        />
      )}
    </section>
  );
}

function cellsOf(row: DemandeResume, now: Date): ReactNode[] {
  const radiee = !row.active;
  return [
    <a key="n" href={`#/demandes/${row.numUnique}`} tabIndex={-1} className="mono">
      {row.numUnique}
    </a>,
    row.demandeur,
    row.tailleMenage ?? '—',
    <span key="c" title={row.nomsCommunes.map((n, i) => `${n} (${row.communes[i]})`).join(', ')}>
      {row.nomsCommunes.slice(0, 3).join(', ')}
      {row.nomsCommunes.length > 3 ? ` +${row.nomsCommunes.length - 3}` : ''}
    </span>,
    <span key="d" title={row.statutDalo ?? ''} className={`dalo dalo-${row.statutDalo ?? 'NON'}`}>
      {libelleCourt(STATUT_DALO, row.statutDalo)}
    </span>,
    <span key="e" className={radiee ? 'badge badge-muted' : 'badge badge-ok'}>
      {radiee ? 'Radiée' : 'Active'}
    </span>,
    formatDate(row.dateMouvement),
    <span key="f">
      {formatAnciennete(row.recupereLe, now)}
      {row.blocsEnEchec.length > 0 ? (
        <span
          className="badge badge-error"
          title={`Blocs en échec : ${row.blocsEnEchec.join(', ')}`}
        >
          échec
        </span>
      ) : null}
    </span>,
  ];
}

function EmptyList(props: { filtered: boolean }): ReactNode {
  if (props.filtered) {
    return (
      <div className="state state-empty">
        <h2>Aucune demande ne correspond</h2>
        <p>Modifiez la recherche ou retirez un filtre.</p>
      </div>
    );
  }
  return (
    <div className="state state-empty">
      <h2>Le cache local est vide</h2>
      <p>
        Aucune demande n’a encore été synchronisée. Importez le certificat du guichet dans{' '}
        <a href="#/parametres">Paramètres</a>, puis lancez une{' '}
        <a href="#/synchronisation">synchronisation</a>. Pour découvrir l’application sans
        certificat, <a href="#/accueil">essayez le simulateur intégré</a>.
      </p>
    </div>
  );
}
