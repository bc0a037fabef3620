// The 3DS filters as the SNE states them: the year, one, several or all departments, then all
// the EPCI/EPT of those departments (by the department of their seat commune) or a selection
// picked by name, and the reform perimeter. The core checks the choice again and explains a
// refusal; here the agent only ever picks from what exists.
import { useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { Filtres3ds, GuichetApi, Territoire3ds } from '../../../src-main/core/api-types.ts';
import { InlineError } from '../components/states.tsx';
import { formatEntier } from '../format/fr.ts';
import { useQuery } from '../hooks/use-query.ts';
import { SearchableChecklist, type ChecklistItem } from './SearchableChecklist.tsx';

type Perimetre = Filtres3ds['perimetre'];
type ModeEpci = 'TOUS' | 'SELECTION';

export function Filtres3dsForm(props: {
  api: GuichetApi;
  onExtracted: (id: number) => void;
}): ReactNode {
  const { api } = props;
  const annee = new Date().getFullYear();
  const [anneeChoisie, setAnnee] = useState(String(annee));
  const [departements, setDepartements] = useState<Set<string>>(() => new Set());
  const [modeEpci, setModeEpci] = useState<ModeEpci>('TOUS');
  const [epci, setEpci] = useState<Set<string>>(() => new Set());
  const [perimetre, setPerimetre] = useState<Perimetre>('TOUS');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const deps = [...departements].sort();
  const tous = useQuery(() => api.list3dsTerritoires([]), [api]);
  const territoires = useQuery(() => api.list3dsTerritoires(deps), [api, deps.join(',')]);
  const itemsDepartements = useMemo(() => departementsDe(tous.data ?? []), [tous.data]);
  const itemsEpci = useMemo(() => (territoires.data ?? []).map(itemEpci), [territoires.data]);
  // A department removed takes its EPCI/EPT out of the selection.
  const epciRetenus = [...epci].filter((s) => itemsEpci.some((i) => i.value === s)).sort();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (modeEpci === 'SELECTION' && epciRetenus.length === 0) {
      setError(
        new Error('Cochez au moins un EPCI/EPT, ou choisissez « tous ceux des départements ».'),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const resume = await api.extract3ds({
        annee: Number(anneeChoisie),
        departements: deps,
        epci: modeEpci === 'SELECTION' ? epciRetenus : [],
        perimetre,
      });
      props.onExtracted(resume.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="filtres-3ds" onSubmit={(e) => void submit(e)} aria-label="Filtres 3DS">
      <div className="filtres-3ds-main">
        <label>
          Année
          <select value={anneeChoisie} onChange={(e) => setAnnee(e.target.value)}>
            {/* N-1 stays listed: before 1 March the SNE accepts it, after that the core explains. */}
            <option value={String(annee)}>{annee}</option>
            <option value={String(annee - 1)}>{annee - 1}</option>
          </select>
        </label>
        <label>
          Périmètre
          <select value={perimetre} onChange={(e) => setPerimetre(e.target.value as Perimetre)}>
            <option value="TOUS">Tous les EPCI/EPT</option>
            <option value="REFORME">Soumis à la réforme</option>
            <option value="HORS_REFORME">Hors réforme</option>
          </select>
        </label>
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? 'Extraction en cours…' : 'Extraire'}
        </button>
        <InlineError error={error ?? tous.error ?? territoires.error} />
      </div>
      <SearchableChecklist
        legend="Départements"
        searchLabel="Chercher un département"
        items={itemsDepartements}
        selected={departements}
        onChange={setDepartements}
        emptyMeaning="Aucun coché : tous les départements."
      />
      <ChoixEpci
        mode={modeEpci}
        onMode={setModeEpci}
        departementsCoches={departements.size}
        items={itemsEpci}
        nombre={territoires.data?.length ?? null}
        selected={epciRetenus}
        onChange={setEpci}
      />
    </form>
  );
}

/** All the EPCI/EPT of the departments, or a selection picked from them. */
function ChoixEpci(props: {
  mode: ModeEpci;
  onMode: (mode: ModeEpci) => void;
  departementsCoches: number;
  items: readonly ChecklistItem[];
  nombre: number | null;
  selected: readonly string[];
  onChange: (next: Set<string>) => void;
}): ReactNode {
  const n = props.departementsCoches;
  const ceux =
    n === 0
      ? 'de tous les départements'
      : n > 1
        ? 'des départements cochés'
        : 'du département coché';
  const nombre = props.nombre === null ? '' : ` (${formatEntier(props.nombre)})`;
  return (
    <fieldset className="checklist filtres-3ds-epci">
      <legend>EPCI/EPT</legend>
      <label className="radio-label">
        <input
          type="radio"
          name="mode-epci"
          checked={props.mode === 'TOUS'}
          onChange={() => props.onMode('TOUS')}
        />
        {`Tous ceux ${ceux}${nombre}, selon le département de leur siège`}
      </label>
      <label className="radio-label">
        <input
          type="radio"
          name="mode-epci"
          checked={props.mode === 'SELECTION'}
          onChange={() => props.onMode('SELECTION')}
        />
        Une sélection
      </label>
      {props.mode === 'SELECTION' ? (
        <SearchableChecklist
          legend="EPCI/EPT choisis"
          searchLabel="Chercher par nom ou SIREN"
          items={props.items}
          selected={new Set(props.selected)}
          onChange={props.onChange}
          emptyMeaning="Aucun coché pour l’instant."
        />
      ) : null}
    </fieldset>
  );
}

function departementsDe(territoires: readonly Territoire3ds[]): ChecklistItem[] {
  const vus = new Map<string, ChecklistItem>();
  for (const t of territoires) {
    if (!vus.has(t.departement)) {
      vus.set(t.departement, {
        value: t.departement,
        label: t.nomDepartement,
        secondary: t.departement,
      });
    }
  }
  return [...vus.values()].sort((a, b) => a.value.localeCompare(b.value));
}

function itemEpci(t: Territoire3ds): ChecklistItem {
  return { value: t.siren, label: t.nom, secondary: `SIREN ${t.siren} · ${t.departement}` };
}
