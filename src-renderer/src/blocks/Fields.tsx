// A definition list of labelled values: how every block shows its facts.
import type { ReactNode } from 'react';

export function Fields(props: { items: [string, ReactNode][]; columns?: 2 | 3 }): ReactNode {
  return (
    <dl className={`fields fields-${props.columns ?? 3}`}>
      {props.items.map(([label, value]) => (
        <div key={label} className="field">
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A dense table with a caption; `rows` empty shows `empty`. */
export function SimpleTable(props: {
  caption: string;
  headers: string[];
  rows: ReactNode[][];
  empty: string;
}): ReactNode {
  if (props.rows.length === 0) return <p className="muted">{props.empty}</p>;
  return (
    <table className="table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
