// Saved comparisons, newest first: open one, tick one or two others to compare it with, export
// or delete.
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../charts/format';
import { exportUrl } from './lab-client';
import type { ComparisonSummary } from './types';

interface Props {
  list: ComparisonSummary[];
  open: string | undefined;
  against: string[];
  onAgainst: (ids: string[]) => void;
  onDelete: (id: string) => void;
}

const MAX_AGAINST = 2;

export function SavedComparisons({ list, open, against, onAgainst, onDelete }: Props) {
  if (list.length === 0) {
    return <p className="muted">No saved comparisons yet: choose a workload and targets above.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="lab-table" data-testid="lab-saved">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Workload</th>
            <th scope="col">State</th>
            <th scope="col">Targets (pub/s)</th>
            <th scope="col">Compare</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => {
            const isOpen = c.id === open;
            const ticked = against.includes(c.id);
            return (
              <tr key={c.id} data-comparison={c.id} aria-current={isOpen ? 'true' : undefined}>
                <td>
                  <Link to={`/compare?id=${c.id}`}>{formatDateTime(c.startedAt)}</Link>
                </td>
                <td>{c.workload}</td>
                <td>
                  <span className={`badge lab-status status-${c.state}`}>{c.state}</span>
                </td>
                <td className="small">
                  {c.targets
                    .map((t) =>
                      t.status === 'completed'
                        ? `${t.target} ${formatNumber(t.publishPerSec)}`
                        : `${t.target} (${t.status})`,
                    )
                    .join(' · ')}
                </td>
                <td>
                  {isOpen ? (
                    <span className="muted small">open</span>
                  ) : (
                    <label className="small">
                      <input
                        type="checkbox"
                        name="against"
                        value={c.id}
                        checked={ticked}
                        disabled={!ticked && against.length >= MAX_AGAINST}
                        onChange={(e) =>
                          onAgainst(
                            e.target.checked
                              ? [...against, c.id]
                              : against.filter((id) => id !== c.id),
                          )
                        }
                      />{' '}
                      against
                    </label>
                  )}
                </td>
                <td className="row-actions">
                  <a href={exportUrl(c.id, 'json')} download>
                    JSON
                  </a>
                  <a href={exportUrl(c.id, 'csv')} download>
                    CSV
                  </a>
                  <button
                    type="button"
                    className="link-button danger-text"
                    onClick={() => onDelete(c.id)}
                    data-action="delete"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
