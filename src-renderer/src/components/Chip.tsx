// An active filter shown as a removable chip.
import type { ReactNode } from 'react';

export function Chip(props: { label: string; onRemove: () => void }): ReactNode {
  return (
    <span className="chip">
      {props.label}
      <button
        type="button"
        className="chip-remove"
        aria-label={`Retirer le filtre ${props.label}`}
        onClick={props.onRemove}
      >
        ×
      </button>
    </span>
  );
}
