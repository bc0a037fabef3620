// The designed states every screen uses: loading, empty, error. An error says what happened,
// what it means for the data and what to do; the core writes the first part.
import type { ReactNode } from 'react';
import { messageErreur } from '../api/api-error.ts';

export function Loading(props: { label?: string }): ReactNode {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? 'Chargement…'}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }): ReactNode {
  return (
    <div className="state state-empty">
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}

export function ErrorState(props: {
  error: unknown;
  consequence?: string;
  action?: ReactNode;
}): ReactNode {
  return (
    <div className="state state-error" role="alert">
      <h2>Une erreur est survenue</h2>
      <p>{messageErreur(props.error)}</p>
      <p className="muted">{props.consequence ?? 'Les données locales ne sont pas modifiées.'}</p>
      {props.action}
    </div>
  );
}

/** An inline error under a form or a button. */
export function InlineError(props: { error: unknown }): ReactNode {
  if (props.error === null || props.error === undefined) return null;
  return (
    <p className="inline-error" role="alert">
      {messageErreur(props.error)}
    </p>
  );
}
