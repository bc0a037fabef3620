// Ctrl+K from anywhere: a DLS number, a name or a commune jumps to the demand, or to the list
// filtered by the text.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { DemandeResume } from '../../../src-main/core/api-types.ts';
import { useAppState } from './app-state.tsx';
import { navigate } from './route.ts';

export function GlobalSearch(props: { onSearchList: (q: string) => void }): ReactNode {
  const { api } = useAppState();
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [results, setResults] = useState<DemandeResume[]>([]);
  const [active, setActive] = useState(0);
  const sequence = useRef(0);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setText('');
        setResults([]);
        dialog.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const id = ++sequence.current;
    if (text.trim() === '') return;
    api.listDemandes({ q: text, limit: 8 }).then(
      (page) => {
        if (id === sequence.current) {
          setResults(page.lignes);
          setActive(0);
        }
      },
      () => undefined,
    );
  }, [api, text]);

  function go(row: DemandeResume | undefined): void {
    dialog.current?.close();
    if (row) navigate({ place: 'demande', numUnique: row.numUnique, onglet: null });
    else {
      props.onSearchList(text);
      navigate({ place: 'demandes' });
    }
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown') setActive((a) => Math.min(results.length, a + 1));
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (event.key === 'Enter') {
      event.preventDefault();
      go(active < results.length ? results[active] : undefined);
    } else return;
    event.preventDefault();
  }

  const shown = text.trim() === '' ? [] : results;
  return (
    <dialog ref={dialog} className="global-search" aria-label="Recherche globale">
      <input
        type="search"
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls="global-results"
        aria-activedescendant={`global-option-${active}`}
        aria-label="Rechercher un numéro, un nom ou une commune"
        placeholder="Numéro unique, nom ou commune…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul id="global-results" role="listbox" aria-label="Résultats">
        {shown.map((row, i) => (
          <li
            key={row.numUnique}
            id={`global-option-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'option-active' : undefined}
            onClick={() => go(row)}
          >
            <span className="mono">{row.numUnique}</span> {row.demandeur}{' '}
            <span className="muted">{row.communes.slice(0, 2).join(', ')}</span>
          </li>
        ))}
        {text.trim() !== '' ? (
          <li
            id={`global-option-${shown.length}`}
            role="option"
            aria-selected={active === shown.length}
            className={active === shown.length ? 'option-active' : undefined}
            onClick={() => go(undefined)}
          >
            Toutes les demandes pour « {text} »
          </li>
        ) : null}
      </ul>
    </dialog>
  );
}
