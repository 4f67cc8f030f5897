// This comparison against one or two earlier ones: per target, how its numbers moved.
import { formatDateTime } from '../charts/format';
import { deltas, formatDelta } from './deltas';
import type { ComparisonSummary } from './types';

export function DeltaTable({
  now,
  earlier,
}: {
  now: ComparisonSummary;
  earlier: ComparisonSummary[];
}) {
  return (
    <div className="lab-deltas" data-testid="lab-deltas">
      {earlier.map((before) => {
        const rows = deltas(now, before);
        return (
          <section key={before.id} data-against={before.id}>
            <h4>
              Against {before.workload} of {formatDateTime(before.startedAt)}
            </h4>
            {rows.length === 0 ? (
              <p className="muted">No target completed in both.</p>
            ) : (
              <ul>
                {rows.map((row) => (
                  <li key={row.target} data-target={row.target}>
                    <strong>{row.target}</strong>{' '}
                    {row.deltas.map((d) => (
                      <span
                        key={d.label}
                        className={
                          d.better === null
                            ? 'lab-delta'
                            : d.better
                              ? 'lab-delta up'
                              : 'lab-delta down'
                        }
                      >
                        {formatDelta(d)}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
