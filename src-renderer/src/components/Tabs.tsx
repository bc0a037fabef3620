// Tabs per the WAI-ARIA pattern: arrow keys move between tabs, Tab enters the panel.
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: string;
  badge?: string;
}

export function Tabs(props: {
  items: TabItem[];
  current: string;
  onSelect: (id: string) => void;
  label: string;
  children: ReactNode;
}): ReactNode {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const index = Math.max(
    0,
    props.items.findIndex((t) => t.id === props.current),
  );

  function onKeyDown(event: KeyboardEvent): void {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    let target = -1;
    if (delta !== 0) target = (index + delta + props.items.length) % props.items.length;
    if (event.key === 'Home') target = 0;
    if (event.key === 'End') target = props.items.length - 1;
    const item = props.items[target];
    if (!item) return;
    event.preventDefault();
    props.onSelect(item.id);
    refs.current.get(item.id)?.focus();
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={props.label} className="tablist" onKeyDown={onKeyDown}>
        {props.items.map((item) => (
          <button
            key={item.id}
            ref={(el) => {
              if (el) refs.current.set(item.id, el);
            }}
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={item.id === props.current}
            aria-controls={`panel-${item.id}`}
            tabIndex={item.id === props.current ? 0 : -1}
            className="tab"
            onClick={() => props.onSelect(item.id)}
          >
            {item.label}
            {item.badge ? <span className="tab-badge">{item.badge}</span> : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`panel-${props.current}`}
        aria-labelledby={`tab-${props.current}`}
        className="tabpanel"
        tabIndex={0}
      >
        {props.children}
      </div>
    </div>
  );
}
