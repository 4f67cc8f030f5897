// The finished comparison's numbers as tables: throughput and latency, the brokers' CPU and
// memory, and what was lost, duplicated or reordered. A blank is a number not measured.
import { formatNumber } from '../charts/format';
import type { LatencyReport, TargetResult } from './types';

const ms = (value: number | undefined): string =>
  value === undefined ? '–' : `${formatNumber(value)} ms`;

function LatencyCells({ report }: { report: LatencyReport | null }) {
  return (
    <>
      {(['p50', 'p99', 'p999', 'max'] as const).map((p) => (
        <td key={p} className="num">
          {ms(report?.[p])}
        </td>
      ))}
    </>
  );
}

const count = (value: number | null): string => (value === null ? '–' : formatNumber(value));

export function NumbersTable({ targets }: { targets: TargetResult[] }) {
  return (
    <div className="table-wrap">
      <table className="lab-table" data-testid="lab-numbers">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">pub/s</th>
            <th scope="col">con/s</th>
            <th scope="col">MB/s in</th>
            <th scope="col">publish p50</th>
            <th scope="col">p99</th>
            <th scope="col">p99.9</th>
            <th scope="col">max</th>
            <th scope="col">e2e p50</th>
            <th scope="col">p99</th>
            <th scope="col">p99.9</th>
            <th scope="col">max</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => (
            <tr key={t.target} data-target={t.target} data-status={t.status}>
              <th scope="row">
                {t.title} <span className={`badge lab-status status-${t.status}`}>{t.status}</span>
              </th>
              <td className="num">{formatNumber(t.publish.perSec)}</td>
              <td className="num">{formatNumber(t.consume.perSec)}</td>
              <td className="num">{formatNumber(t.publish.mbPerSec)}</td>
              <LatencyCells report={t.publishLatency} />
              <LatencyCells report={t.endToEndLatency} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ResourcesTable({ targets }: { targets: TargetResult[] }) {
  const rows = targets.flatMap((t) => t.resources.map((r) => ({ t, r })));
  if (rows.length === 0) {
    return <p className="muted">No broker process was readable from /proc in this comparison.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="lab-table" data-testid="lab-resources">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Process</th>
            <th scope="col">CPU avg</th>
            <th scope="col">CPU max</th>
            <th scope="col">RSS max</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ t, r }) => (
            <tr key={`${t.target}:${r.pid}`}>
              <th scope="row">{t.title}</th>
              <td>
                {r.name} <span className="muted small">pid {r.pid}</span>
              </td>
              <td className="num">{formatNumber(r.cpuPercentAvg)}%</td>
              <td className="num">{formatNumber(r.cpuPercentMax)}%</td>
              <td className="num">{formatNumber(r.rssMbMax)} MB</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IntegrityTable({ targets }: { targets: TargetResult[] }) {
  return (
    <div className="table-wrap">
      <table className="lab-table" data-testid="lab-integrity">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Publish errors</th>
            <th scope="col" title="acknowledged, and not delivered by the end of the drain">
              Losses
            </th>
            <th scope="col">Duplicates</th>
            <th scope="col">Order violations</th>
            <th scope="col">Backlog max</th>
            <th scope="col">Drain</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => (
            <tr key={t.target} data-target={t.target}>
              <th scope="row">{t.title}</th>
              <td className="num">{count(t.status === 'unsupported' ? null : t.publish.errors)}</td>
              <td className={t.losses ? 'num lab-bad' : 'num'}>{count(t.losses)}</td>
              <td className={t.duplicates ? 'num lab-bad' : 'num'}>{count(t.duplicates)}</td>
              <td className={t.orderingViolations ? 'num lab-bad' : 'num'}>
                {count(t.orderingViolations)}
              </td>
              <td className="num">{count(t.backlogMax)}</td>
              <td className="num">{t.drainMs === null ? '–' : ms(t.drainMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What each target could not express, and why one did not run. */
export function TargetNotes({ targets }: { targets: TargetResult[] }) {
  return (
    <ul className="lab-notes" data-testid="lab-notes">
      {targets.map((t) => (
        <li key={t.target} data-target={t.target}>
          <strong>{t.title}</strong>
          {t.plan.unsupported && (
            <p className="lab-unsupported">Did not run: {t.plan.unsupported}</p>
          )}
          {t.error && <p className="error-text">Failed: {t.error}</p>}
          {t.plan.cannot.length > 0 ? (
            <ul className="lab-cannot">
              {t.plan.cannot.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            !t.plan.unsupported && <p className="muted small">Expressed the whole workload.</p>
          )}
          {t.plan.mapping.length > 0 && (
            <details>
              <summary>How the workload was mapped</summary>
              <ul>
                {t.plan.mapping.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
