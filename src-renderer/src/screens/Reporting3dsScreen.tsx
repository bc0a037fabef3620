// Reporting 3DS: the filters (checked by the core against the SNE's rules, refusals explained),
// the aggregated table per EPCI/EPT with its legal targets, the chart, the detailed rows with
// their reliability flags, the cross-check with the cache, the one-click Excel export and the
// past extractions, which reopen offline.
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import type {
  Cible3ds,
  Extraction3dsResume,
  Extraction3dsVue,
  Filtres3ds,
  GuichetApi,
  LigneDetail3ds,
} from '../../../src-main/core/api-types.ts';
import { VirtualGrid } from '../components/VirtualGrid.tsx';
import type { Column } from '../components/VirtualGrid.tsx';
import { EmptyState, ErrorState, InlineError, Loading } from '../components/states.tsx';
import {
  formatDate,
  formatDateTime,
  formatEntier,
  formatMontant,
  formatPart,
} from '../format/fr.ts';
import { useQuery } from '../hooks/use-query.ts';
import { Chart3ds } from './Chart3ds.tsx';
import { Filtres3dsForm } from './Filtres3dsForm.tsx';
import '../styles/reporting.css';

export function Reporting3dsScreen(props: { api: GuichetApi }): ReactNode {
  const { api } = props;
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const list = useQuery(() => api.list3dsExtractions(), [api, tick]);
  const current = selected ?? list.data?.[0]?.id ?? null;
  const vue = useQuery(
    () => (current === null ? Promise.resolve(null) : api.get3dsExtraction(current)),
    [api, current],
  );

  function onExtracted(id: number): void {
    setSelected(id);
    setTick((t) => t + 1);
  }

  return (
    <section className="screen screen-3ds" aria-labelledby="titre-3ds">
      <header className="screen-header">
        <h1 id="titre-3ds">Reporting 3DS</h1>
      </header>
      <Filtres3dsForm api={api} onExtracted={onExtracted} />
      <PastExtractions
        list={list.data ?? []}
        error={list.error}
        current={current}
        onSelect={setSelected}
      />
      {vue.status === 'error' ? (
        <ErrorState error={vue.error} />
      ) : vue.data ? (
        <ExtractionView api={api} vue={vue.data} />
      ) : current !== null ? (
        <Loading label="Ouverture de l’extraction…" />
      ) : list.status === 'ready' ? (
        <EmptyState title="Aucune extraction 3DS pour l’instant">
          <p>
            Choisissez l’année et le périmètre puis « Extraire » : le SNE renvoie les attributions
            de votre organisme, cumulées depuis le 1er janvier jusqu’à la fin du mois précédent.
          </p>
        </EmptyState>
      ) : null}
    </section>
  );
}

function PastExtractions(props: {
  list: Extraction3dsResume[];
  error: unknown;
  current: number | null;
  onSelect: (id: number) => void;
}): ReactNode {
  if (props.error) return <InlineError error={props.error} />;
  if (props.list.length === 0) return null;
  return (
    <details className="reporting-section">
      <summary>Extractions précédentes ({props.list.length}), consultables hors ligne</summary>
      <ul className="plain-list">
        {props.list.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="link-button"
              aria-current={e.id === props.current ? 'true' : undefined}
              onClick={() => props.onSelect(e.id)}
            >
              {`Année ${e.filtres.annee} : extraction du ${formatDate(e.dateExtraction)}, ${resumeFiltres(e.filtres)} (${formatEntier(e.lignesDetaillees)} attributions)`}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

function resumeFiltres(f: Filtres3ds): string {
  const deps = f.departements.length
    ? `départements ${f.departements.join(', ')}`
    : 'tous départements';
  const epci = f.epci.length ? `, ${f.epci.length} EPCI/EPT choisis` : '';
  const perimetre = { TOUS: '', REFORME: ', réforme', HORS_REFORME: ', hors réforme' }[f.perimetre];
  return `${deps}${epci}${perimetre}`;
}

function ExtractionView(props: { api: GuichetApi; vue: Extraction3dsVue }): ReactNode {
  const { vue } = props;
  return (
    <article className="reporting-section" aria-label="Extraction 3DS">
      <header className="toolbar">
        <p>
          {`Année ${vue.resume.filtres.annee} : extraite le ${formatDateTime(vue.extraitLe)}, données arrêtées au ${formatDate(vue.dateArretDonnees)} ; ${resumeFiltres(vue.resume.filtres)}.`}
        </p>
        <ExportButton api={props.api} id={vue.resume.id} />
      </header>
      <AggregatedTable vue={vue} />
      <Chart3ds lignes={vue.agrege} />
      <DetailGrid vue={vue} />
      <CrossCheck vue={vue} />
    </article>
  );
}

function ExportButton(props: { api: GuichetApi; id: number }): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function exporter(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const { fileName, base64 } = await props.api.export3ds(props.id);
      telecharger(fileName, base64);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <button
        className="button primary"
        type="button"
        onClick={() => void exporter()}
        disabled={busy}
      >
        {busy ? 'Export en cours…' : 'Exporter en Excel'}
      </button>
      <InlineError error={error} />
    </div>
  );
}

function telecharger(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function AggregatedTable(props: { vue: Extraction3dsVue }): ReactNode {
  const { agrege, total } = props.vue;
  if (agrege.length === 0) {
    return <p className="muted">Le SNE ne compte aucune attribution dans ce périmètre.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="table">
        <caption>Données agrégées par EPCI/EPT ({agrege.length})</caption>
        <thead>
          <tr>
            <th scope="col">Dép.</th>
            <th scope="col">EPCI/EPT</th>
            <th scope="col">Réforme</th>
            <th scope="col">Attrib. hors QPV</th>
            <th scope="col">dont Q1 + ANRU</th>
            <th scope="col">Part (cible 25 %)</th>
            <th scope="col">Attrib. en QPV</th>
            <th scope="col">dont Q2 à Q4</th>
            <th scope="col">Part (cible 50 %)</th>
          </tr>
        </thead>
        <tbody>
          {agrege.map((l) => (
            <AggregatedRow key={l.ligne.epci} ligne={l} />
          ))}
        </tbody>
        <tfoot>
          <AggregatedRow ligne={total} total />
        </tfoot>
      </table>
    </div>
  );
}

function AggregatedRow(props: { ligne: Extraction3dsVue['total']; total?: boolean }): ReactNode {
  const { ligne: l, horsQPV, enQPV } = props.ligne;
  const Cell = props.total ? 'th' : 'td';
  return (
    <tr>
      <td>{l.departement}</td>
      <Cell scope={props.total ? 'row' : undefined} title={l.epci}>
        {l.nomEpci}
      </Cell>
      <td>{props.total ? '' : l.soumisReforme ? 'oui' : 'non'}</td>
      <td className="cell-num">{formatEntier(l.horsQPV.attributions)}</td>
      <td className="cell-num">{formatEntier(l.horsQPV.q1 + l.horsQPV.relogesANRU)}</td>
      <td className="cell-num">
        <Verdict cible={horsQPV} />
      </td>
      <td className="cell-num">{formatEntier(l.enQPV.attributions)}</td>
      <td className="cell-num">{formatEntier(l.enQPV.q2q3q4)}</td>
      <td className="cell-num">
        <Verdict cible={enQPV} />
      </td>
    </tr>
  );
}

function Verdict(props: { cible: Cible3ds }): ReactNode {
  const c = props.cible;
  if (c.atteinte === null || c.ecartPoints === null)
    return <span className="muted">sans objet</span>;
  const ecart = `${c.ecartPoints > 0 ? '+' : ''}${c.ecartPoints.toLocaleString('fr-FR', { minimumFractionDigits: 1 })} ${Math.abs(c.ecartPoints) >= 2 ? 'pts' : 'pt'}`;
  return (
    <span className={c.atteinte ? 'cible-atteinte' : 'cible-manquee'}>
      {formatPart(c.part)} {c.atteinte ? '✓ atteinte' : '✗ manquée'} ({ecart})
    </span>
  );
}

// Widths sized for 1366×768: the eleven columns fit without a horizontal scroll.
const DETAIL_COLUMNS: Column[] = [
  { id: 'num', label: 'N° unique', className: 'col-3ds-num' },
  { id: 'epci', label: 'EPCI/EPT', className: 'col-3ds-siren' },
  { id: 'qpv', label: 'QPV', className: 'col-3ds-qpv' },
  { id: 'quartile', label: 'Quartile', className: 'col-3ds-small' },
  { id: 'anru', label: 'ANRU', className: 'col-3ds-small' },
  { id: 'res', label: 'Ress./UC', className: 'col-3ds-amount' },
  { id: 'bail', label: 'Bail signé', className: 'col-3ds-date' },
  { id: 'rad', label: 'Radiation', className: 'col-3ds-date' },
  { id: 'd1', label: 'Bail → rad.', className: 'col-3ds-delay' },
  { id: 'rem', label: 'Remontée', className: 'col-3ds-date' },
  { id: 'd2', label: 'Délai SNE', className: 'col-3ds-delay' },
];

function DetailGrid(props: { vue: Extraction3dsVue }): ReactNode {
  const [douteusesSeules, setDouteusesSeules] = useState(false);
  const seuil = props.vue.seuilFiabiliteJours;
  const douteuse = (l: LigneDetail3ds): boolean =>
    (l.delaiSignatureRadiationJours ?? 0) > seuil || (l.delaiRemonteeRadiationJours ?? 0) > seuil;
  const lignes = douteusesSeules ? props.vue.detail.filter(douteuse) : props.vue.detail;
  const delai = (jours: number | null): ReactNode =>
    jours === null ? (
      '—'
    ) : jours > seuil ? (
      <span className="cible-manquee">{`${jours} j ⚠`}</span>
    ) : (
      `${jours} j`
    );
  const renderCells = (i: number): ReactNode[] | null => {
    const l = lignes[i];
    if (!l) return null;
    return [
      l.numUnique,
      l.epci,
      l.enQPV ? (l.codeQPV ?? 'oui') : 'non',
      `Q${l.quartile}`,
      l.relogeANRU ? 'oui' : 'non',
      formatMontant(l.ressourcesAnnuellesParUC),
      formatDate(l.dateSignatureBail),
      formatDate(l.dateRadiation),
      delai(l.delaiSignatureRadiationJours),
      formatDate(l.dateRemonteeSNE),
      delai(l.delaiRemonteeRadiationJours),
    ];
  };
  const noop = useCallback(() => undefined, []);
  return (
    <section className="reporting-section" aria-labelledby="titre-detail-3ds">
      <h2 id="titre-detail-3ds">Données détaillées ({formatEntier(lignes.length)} attributions)</h2>
      <p className="muted">
        {`« Bail → rad. » : jours entre la signature du bail et la radiation ; « Remontée » et « Délai SNE » : date et jours pour que la radiation parvienne au SNE. Au-delà de ${seuil} jours, le délai est signalé ⚠.`}
      </p>
      <label className="checkbox-label">
        <input
          type="checkbox"
          checked={douteusesSeules}
          onChange={(e) => setDouteusesSeules(e.target.checked)}
        />
        {`Seulement les délais supérieurs à ${seuil} jours (${formatEntier(props.vue.detail.filter(douteuse).length)})`}
      </label>
      <div className="reporting-grid">
        <VirtualGrid
          label="Attributions du détail 3DS"
          columns={DETAIL_COLUMNS}
          total={lignes.length}
          rowHeight={32}
          renderCells={renderCells}
          onRangeChange={noop}
          onOpen={noop}
          resetKey={`${props.vue.resume.id}-${String(douteusesSeules)}`}
        />
      </div>
    </section>
  );
}

// "No discrepancy" only means agreement when something was compared.
function SansEcart(props: { controles: Extraction3dsVue['controles'] }): ReactNode {
  const c = props.controles;
  if (!c.cacheDisponible) {
    return <p className="text-ok">Les agrégats du SNE concordent avec son détail.</p>;
  }
  if (c.attributionsLocales === 0 && c.attributionsSne === c.demandesHorsCache) {
    return (
      <p className="muted">
        Rien à comparer : aucune attribution de ce périmètre ne porte sur une demande du territoire
        synchronisé. Les agrégats du SNE concordent avec son détail.
      </p>
    );
  }
  return <p className="text-ok">Aucun écart : le SNE et le cache concordent.</p>;
}

const LIBELLES_ECART: Record<Extraction3dsVue['controles']['ecarts'][number]['type'], string> = {
  ABSENTE_DU_SNE: 'Dans le cache, absentes du SNE',
  ABSENTE_DU_CACHE: 'Au SNE, absentes du cache',
  DATE_SIGNATURE_DIFFERENTE: 'Dates de signature différentes',
  DATE_RADIATION_DIFFERENTE: 'Dates de radiation différentes',
  AGREGAT_INCOHERENT: 'Agrégats incohérents avec le détail',
};

function CrossCheck(props: { vue: Extraction3dsVue }): ReactNode {
  const c = props.vue.controles;
  return (
    <section className="reporting-section" aria-labelledby="titre-controles-3ds">
      <h2 id="titre-controles-3ds">Contrôles avec le cache</h2>
      <p>
        {c.cacheDisponible
          ? `${formatEntier(c.attributionsLocales)} attributions avec bail signé dans le cache pour ce périmètre, ${formatEntier(c.attributionsSne)} au SNE.` +
            (c.demandesHorsCache > 0
              ? ` ${formatEntier(c.demandesHorsCache)} attributions du SNE portent sur des demandes hors du territoire synchronisé (non comparées).`
              : '') +
            (c.attributionsAutresBailleurs > 0
              ? ` ${formatEntier(c.attributionsAutresBailleurs)} attributions du cache ont été radiées par un autre bailleur (non comptées).`
              : '')
          : 'Le cache local n’est pas disponible : seule la cohérence des agrégats avec le détail est contrôlée.'}
      </p>
      {c.ecarts.length === 0 ? (
        <SansEcart controles={c} />
      ) : (
        (Object.keys(LIBELLES_ECART) as (keyof typeof LIBELLES_ECART)[]).map((type) => {
          const ecarts = c.ecarts.filter((e) => e.type === type);
          if (ecarts.length === 0) return null;
          return (
            <details key={type}>
              <summary>{`${LIBELLES_ECART[type]} : ${ecarts.length}`}</summary>
              <ul>
                {ecarts.slice(0, 500).map((e, i) => (
                  <li key={`${e.numUnique ?? e.epci ?? ''}-${i}`}>
                    {e.numUnique ? <code>{e.numUnique}</code> : null} {e.message}
                  </li>
                ))}
              </ul>
              {ecarts.length > 500 ? (
                <p className="muted">
                  Les suivants sont dans l’onglet « Contrôles » de l’export Excel.
                </p>
              ) : null}
            </details>
          );
        })
      )}
    </section>
  );
}
