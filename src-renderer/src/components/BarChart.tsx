// A small SVG bar chart: geometry goes in SVG attributes, colours in the stylesheet, so the CSP
// needs no inline style.
import type { ReactNode } from 'react';

export interface Bar {
  label: string;
  value: number;
  title: string;
}

const WIDTH = 560;
const HEIGHT = 160;
const AXIS = 24;

export function BarChart(props: { bars: Bar[]; title: string; empty: string }): ReactNode {
  if (props.bars.length === 0) return <p className="muted">{props.empty}</p>;
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const slot = (WIDTH - 8) / props.bars.length;
  const barWidth = Math.max(2, Math.min(36, slot * 0.7));
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-label={props.title}>
        <line className="chart-axis" x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        {props.bars.map((bar, i) => {
          const h = Math.round((bar.value / max) * (HEIGHT - 16));
          const x = 4 + i * slot + (slot - barWidth) / 2;
          return (
            <g key={`${bar.label}-${i}`}>
              <rect className="chart-bar" x={x} y={HEIGHT - h} width={barWidth} height={h}>
                <title>{bar.title}</title>
              </rect>
              {props.bars.length <= 16 ? (
                <text className="chart-label" x={x + barWidth / 2} y={HEIGHT + 16}>
                  {bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
