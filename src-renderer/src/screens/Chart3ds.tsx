// The two 3DS shares of each EPCI/EPT against the legal lines (25 % outside QPV, 50 % in QPV),
// in plain SVG. Geometry in attributes, colours in reporting.css (the CSP forbids inline style).
import type { ReactNode } from 'react';
import type { Extraction3dsVue } from '../../../src-main/core/api-types.ts';
import { formatPart } from '../format/fr.ts';

const ROW = 34;
const LABEL = 230;
const WIDTH = 760;
const PLOT = WIDTH - LABEL - 16;
const TOP = 28;

export function Chart3ds(props: { lignes: Extraction3dsVue['agrege'] }): ReactNode {
  if (props.lignes.length === 0) {
    return <p className="muted">Aucune attribution dans ce périmètre : rien à représenter.</p>;
  }
  const height = TOP + props.lignes.length * ROW + 8;
  const x = (part: number): number => LABEL + Math.round(part * PLOT);
  return (
    <figure className="chart chart-3ds">
      <figcaption>
        Part des attributions hors QPV aux ménages du 1er quartile ou relogés ANRU (cible 25 %) et
        part des attributions en QPV aux quartiles 2 à 4 (cible 50 %), par EPCI/EPT
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Parts et cibles par EPCI/EPT">
        <Legend />
        {props.lignes.map((l, i) => {
          const y = TOP + i * ROW;
          const hors = l.horsQPV.part;
          const qpv = l.enQPV.part;
          return (
            <g key={l.ligne.epci}>
              <text className="chart-3ds-label" x={LABEL - 6} y={y + 18}>
                {l.ligne.nomEpci.length > 34 ? `${l.ligne.nomEpci.slice(0, 33)}…` : l.ligne.nomEpci}
              </text>
              <rect
                className={`chart-3ds-hors ${cls(l.horsQPV.atteinte)}`}
                x={LABEL}
                y={y + 4}
                width={hors === null ? 0 : x(hors) - LABEL}
                height={12}
              >
                <title>{`${l.ligne.nomEpci} : hors QPV ${formatPart(hors)} (cible 25 %)`}</title>
              </rect>
              <rect
                className={`chart-3ds-qpv ${cls(l.enQPV.atteinte)}`}
                x={LABEL}
                y={y + 17}
                width={qpv === null ? 0 : x(qpv) - LABEL}
                height={12}
              >
                <title>{`${l.ligne.nomEpci} : en QPV ${formatPart(qpv)} (cible 50 %)`}</title>
              </rect>
            </g>
          );
        })}
        <Target x={x(0.25)} height={height} label="25 %" kind="hors" />
        <Target x={x(0.5)} height={height} label="50 %" kind="qpv" />
        <line className="chart-axis" x1={LABEL} x2={LABEL} y1={TOP - 4} y2={height} />
      </svg>
    </figure>
  );
}

function Target(props: { x: number; height: number; label: string; kind: string }): ReactNode {
  return (
    <g>
      <line
        className={`chart-3ds-target chart-3ds-target-${props.kind}`}
        x1={props.x}
        x2={props.x}
        y1={TOP - 6}
        y2={props.height}
      />
      <text className="chart-3ds-target-label" x={props.x} y={TOP - 10}>
        {props.label}
      </text>
    </g>
  );
}

function Legend(): ReactNode {
  return (
    <g>
      <rect className="chart-3ds-hors" x={8} y={4} width={12} height={10} />
      <text className="chart-3ds-legend" x={24} y={13}>
        Hors QPV : Q1 + ANRU
      </text>
      <rect className="chart-3ds-qpv" x={8} y={18} width={12} height={10} />
      <text className="chart-3ds-legend" x={24} y={27}>
        En QPV : Q2 à Q4
      </text>
    </g>
  );
}

function cls(atteinte: boolean | null): string {
  return atteinte === null ? '' : atteinte ? 'is-met' : 'is-missed';
}
