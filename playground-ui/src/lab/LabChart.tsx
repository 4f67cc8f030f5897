// The card every lab chart sits in: title, unit, the plot at the card's width, and a legend of
// the series' colours (Recharts' own legend does not follow the theme).
import type { ReactNode } from 'react';
import { useWidth } from '../components/use-width';

export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  id: string;
  title: string;
  unit: string;
  description?: string;
  height?: number;
  legend: LegendEntry[];
  /** Drawn once the card's width is known. */
  children: (width: number, height: number) => ReactNode;
  tools?: ReactNode;
  points?: number;
}

export function LabChart({
  id,
  title,
  unit,
  description,
  height = 220,
  legend,
  children,
  tools,
  points,
}: Props) {
  const [plot, width] = useWidth<HTMLDivElement>();
  return (
    <figure className="chart-card lab-chart" data-chart={id} data-points={points}>
      <figcaption>
        <h3 className="chart-title">{title}</h3>
        <span className="chart-unit">{unit}</span>
        {tools}
        {description && <p className="chart-description">{description}</p>}
      </figcaption>
      <div className="chart-plot" ref={plot} style={{ height }}>
        {width > 0 && children(width, height)}
      </div>
      <ul className="chart-legend">
        {legend.map((entry) => (
          <li key={entry.label}>
            <span
              className={entry.dashed ? 'swatch swatch-dashed' : 'swatch'}
              style={{ borderColor: entry.color, background: entry.dashed ? 'none' : entry.color }}
            />
            <span className="legend-label">{entry.label}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
