// A long list of choices (departments, EPCI/EPT) as native checkboxes under a search field. The
// list is one tab stop: the arrows move between the boxes (roving tabindex), Space ticks, and
// ArrowDown from the search field enters the list, so that a thousand EPCI never mean a
// thousand presses of Tab. The chosen items stay visible as removable chips.
import { useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { Chip } from '../components/Chip.tsx';

export interface ChecklistItem {
  value: string;
  label: string;
  /** Shown after the label, smaller: a code, a SIREN. Searched too. */
  secondary: string;
}

export function SearchableChecklist(props: {
  legend: string;
  searchLabel: string;
  items: readonly ChecklistItem[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  /** What an empty selection means, e.g. "aucun choisi : tous les départements". */
  emptyMeaning: string;
}): ReactNode {
  const { items, selected, onChange } = props;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const visible = useMemo(() => filtrer(items, query), [items, query]);
  const current = Math.min(active, Math.max(visible.length - 1, 0));

  function focusAt(index: number): void {
    const boxes = listRef.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
    const target = boxes?.[index];
    if (!target) return;
    setActive(index);
    target.focus();
  }

  function toggle(value: string, on: boolean): void {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    onChange(next);
  }

  function onListKey(event: KeyboardEvent<HTMLUListElement>): void {
    const last = visible.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(current + 1, last),
      ArrowUp: Math.max(current - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(current + 10, last),
      PageUp: Math.max(current - 10, 0),
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusAt(target);
  }

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key !== 'ArrowDown' || visible.length === 0) return;
    event.preventDefault();
    focusAt(current);
  }

  const byValue = new Map(items.map((i) => [i.value, i]));
  const chosen = [...selected].flatMap((v) => byValue.get(v) ?? []);
  return (
    <fieldset className="checklist">
      <legend>{props.legend}</legend>
      <label className="checklist-search">
        {props.searchLabel}
        <input
          type="search"
          value={query}
          aria-controls={listId}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onSearchKey}
        />
      </label>
      <p className="checklist-count muted" aria-live="polite">
        {chosen.length === 0
          ? props.emptyMeaning
          : `${chosen.length} choisi${chosen.length > 1 ? 's' : ''}`}
        {query.trim() !== '' ? ` ; ${visible.length} sur ${items.length} affichés` : ''}
      </p>
      {chosen.length > 0 ? (
        <div className="chips checklist-chips">
          {chosen.map((item) => (
            <Chip key={item.value} label={item.label} onRemove={() => toggle(item.value, false)} />
          ))}
          <button type="button" className="link-button" onClick={() => onChange(new Set())}>
            Tout retirer
          </button>
        </div>
      ) : null}
      <ul id={listId} ref={listRef} className="checklist-list" onKeyDown={onListKey}>
        {visible.length === 0 ? <li className="muted">Aucun résultat pour « {query} ».</li> : null}
        {visible.map((item, i) => (
          <li key={item.value}>
            <label className="checklist-item">
              <input
                type="checkbox"
                tabIndex={i === current ? 0 : -1}
                checked={selected.has(item.value)}
                onChange={(e) => toggle(item.value, e.target.checked)}
                onFocus={() => setActive(i)}
              />
              <span className="checklist-label">{item.label}</span>{' '}
              <span className="checklist-secondary">{item.secondary}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function filtrer(items: readonly ChecklistItem[], query: string): readonly ChecklistItem[] {
  const words = plier(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const text = plier(`${item.label} ${item.secondary} ${item.value}`);
    return words.every((w) => text.includes(w));
  });
}

// Accent- and case-blind, hyphens and apostrophes read as spaces: agents type "saint etienne"
// for "Saint-Étienne".
function plier(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ');
}
