// Ctrl+K from anywhere: a DLS number, a name or a commune jumps to the demand, or to the list
// filtered by the text. The options shown while the answer for the latest keystroke is on its
// way are those of the text before it; Enter then waits for that answer and opens its first
// option, so that a number typed quickly opens that demand and not the first one sharing its
// first digits.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { DemandeResume } from '../../../src-main/core/api-types.ts';
import { useAppState } from './app-state.tsx';
import { navigate } from './route.ts';

interface Found {
  /** The text these options answer. */
  text: string;
  lignes: DemandeResume[];
}

export function GlobalSearch(props: { onSearchList: (q: string) => void }): ReactNode {
  const { api } = useAppState();
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found>({ text: '', lignes: [] });
  const [active, setActive] = useState(0);
  const sequence = useRef(0);
  /** Enter was pressed before the options answered the text typed: open once they do. */
  const enterPending = useRef(false);
  const results = found.lignes;

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setText('');
        setFound({ text: '', lignes: [] });
        enterPending.current = false;
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
          setFound({ text, lignes: page.lignes });
          setActive(0);
        }
      },
      // No options then: Enter leads to the list, which shows the error with its explanation.
      () => {
        if (id === sequence.current) setFound({ text, lignes: [] });
      },
    );
  }, [api, text]);

  useEffect(() => {
    if (!enterPending.current || found.text !== text) return;
    enterPending.current = false;
    go(found.lignes[0]);
    // `go` is a new closure every render; what it reads is `found` and `text`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [found, text]);

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
      // The last option, « Toutes les demandes », only depends on the text: no need to wait.
      const onAll = results.length > 0 && active === results.length;
      const answered = text.trim() === '' || found.text === text;
      if (!onAll && !answered) enterPending.current = true;
      else go(onAll ? undefined : results[active]);
    } else return;
    event.preventDefault();
  }

  const shown = text.trim() === '' ? [] : results;
  return (
    <dialog
      ref={dialog}
      className="global-search"
      aria-label="Recherche globale"
      onClose={() => {
        enterPending.current = false;
      }}
    >
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
