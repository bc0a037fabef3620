// The small form that adds one filter to the list; the result shows as a chip.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { STATUT_DALO } from '../format/codes.ts';
import { FILTER_KINDS, checkFilter } from './demandes-filters.ts';
import type { FilterKind } from './demandes-filters.ts';

export function FilterAdder(props: {
  onAdd: (kind: FilterKind, value: string) => void;
}): ReactNode {
  const [kind, setKind] = useState<FilterKind>('departement');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const problem = kind === 'etat' || kind === 'enEchec' ? null : checkFilter(kind, value);
    setError(problem);
    if (problem) return;
    props.onAdd(kind, kind === 'etat' ? value || 'ACTIVE' : value);
    setValue('');
  }

  return (
    <form className="filter-adder" onSubmit={submit} aria-label="Ajouter un filtre">
      <label className="sr-only" htmlFor="filtre-type">
        Type de filtre
      </label>
      <select
        id="filtre-type"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as FilterKind);
          setValue('');
          setError(null);
        }}
      >
        {FILTER_KINDS.map((f) => (
          <option key={f.kind} value={f.kind}>
            {f.label}
          </option>
        ))}
      </select>
      <FilterValue kind={kind} value={value} onChange={setValue} />
      <button type="submit">Ajouter le filtre</button>
      {error ? (
        <span className="inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function FilterValue(props: {
  kind: FilterKind;
  value: string;
  onChange: (v: string) => void;
}): ReactNode {
  const common = { id: 'filtre-valeur', value: props.value };
  const label = (
    <label className="sr-only" htmlFor="filtre-valeur">
      Valeur du filtre
    </label>
  );
  if (props.kind === 'statutDalo') {
    return (
      <>
        {label}
        <select {...common} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">Statut…</option>
          {Object.entries(STATUT_DALO).map(([code, text]) => (
            <option key={code} value={code}>
              {text}
            </option>
          ))}
        </select>
      </>
    );
  }
  if (props.kind === 'etat') {
    return (
      <>
        {label}
        <select {...common} onChange={(e) => props.onChange(e.target.value)}>
          <option value="ACTIVE">Actives</option>
          <option value="RADIEE">Radiées</option>
        </select>
      </>
    );
  }
  if (props.kind === 'enEchec') return null;
  return (
    <>
      {label}
      <input
        {...common}
        type={props.kind === 'mouvementeDepuis' ? 'date' : 'text'}
        placeholder={props.kind === 'commune' ? '42218' : props.kind === 'departement' ? '42' : ''}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </>
  );
}
