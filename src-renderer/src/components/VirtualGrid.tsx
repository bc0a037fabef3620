// A fixed-row-height virtualised grid: only the rows in view (plus a margin) are in the DOM, so
// 100,000 rows scroll like 100. Written here rather than taken from a library because fixed
// heights make it a few lines of arithmetic, and the keyboard model (one tab stop, arrows,
// Page keys, Enter) is the part that matters for the agents.
//
// Row geometry is set through React's style prop: that writes the CSSOM, which a CSP without
// 'unsafe-inline' allows (it only forbids style attributes and <style> in markup).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface Column {
  id: string;
  label: string;
  className: string;
  sort?: 'asc' | 'desc' | 'none';
  onSort?: () => void;
}

export function VirtualGrid(props: {
  label: string;
  columns: Column[];
  total: number;
  rowHeight: number;
  /** The cells of row i, or null while it is loading. */
  renderCells: (index: number) => ReactNode[] | null;
  onRangeChange: (start: number, end: number) => void;
  onOpen: (index: number) => void;
  /** Changes when the rows are a different set (new query): the grid goes back to the top. */
  resetKey: string;
}): ReactNode {
  const { total, rowHeight, onRangeChange } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a new set of rows starts at the top; the scroll position is external state
    setScrollTop(0);
    setActive(0);
  }, [props.resetKey]);

  const overscan = 10;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);

  useEffect(() => {
    onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  const moveTo = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(total - 1, index));
      setActive(target);
      const el = scroller.current;
      if (!el) return;
      const top = target * rowHeight;
      // The header row is sticky and one row high: keep the active row below it.
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + 2 * rowHeight > el.scrollTop + el.clientHeight) {
        el.scrollTop = top + 2 * rowHeight - el.clientHeight;
      }
    },
    [total, rowHeight],
  );

  function onKeyDown(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveTo(next);
    } else if (event.key === 'Enter' && total > 0) {
      event.preventDefault();
      props.onOpen(active);
    }
  }

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const cells = props.renderCells(i);
    rows.push(
      <div
        key={i}
        role="row"
        id={`row-${i}`}
        aria-rowindex={i + 2}
        aria-selected={i === active}
        className={`grid-row${i === active ? ' grid-row-active' : ''}${cells ? '' : ' grid-row-loading'}`}
        style={{ transform: `translateY(${(i + 1) * rowHeight}px)` }}
        onClick={() => {
          setActive(i);
          props.onOpen(i);
        }}
      >
        {props.columns.map((column, c) => (
          <div key={column.id} role="gridcell" className={`grid-cell ${column.className}`}>
            {cells ? cells[c] : c === 0 ? '…' : ''}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label={props.label}
      aria-rowcount={total + 1}
      aria-colcount={props.columns.length}
      aria-activedescendant={total > 0 ? `row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="grid-spacer" style={{ height: `${(total + 1) * rowHeight}px` }}>
        <div role="row" aria-rowindex={1} className="grid-row grid-header">
          {props.columns.map((column) => (
            <div
              key={column.id}
              role="columnheader"
              className={`grid-cell ${column.className}`}
              aria-sort={
                column.sort === 'asc'
                  ? 'ascending'
                  : column.sort === 'desc'
                    ? 'descending'
                    : undefined
              }
            >
              {column.onSort ? (
                <button type="button" className="sort-button" onClick={column.onSort}>
                  {column.label}
                  <span aria-hidden="true" className="sort-mark">
                    {column.sort === 'asc' ? '▲' : column.sort === 'desc' ? '▼' : '↕'}
                  </span>
                </button>
              ) : (
                column.label
              )}
            </div>
          ))}
        </div>
        {rows}
      </div>
    </div>
  );
}
