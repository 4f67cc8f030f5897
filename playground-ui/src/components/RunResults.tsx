// The end of a run: each check as passed or failed with its detail, the summary numbers, and the
// run's frames to download.
import type { MetricSpec, RunView } from '../api/types';
import { framesUrl } from '../api/client';
import { formatValue } from '../charts/format';
import { specForKey, unitForKey } from '../charts/series';

interface Props {
  run: RunView;
  metrics: MetricSpec[];
}

function summaryLabel(metrics: MetricSpec[], key: string): string {
  const spec = specForKey(metrics, key);
  const suffix = /\.(rate|p50|p90|p99|max|count)$/.exec(key)?.[1];
  const n = /(\d+)(?!.*\d)/.exec(key.replace(/\.(rate|p50|p90|p99|max|count)$/, ''))?.[1] ?? '';
  const base = spec ? spec.label.replace(/\{[in]\}/, n) : key;
  if (suffix === undefined) return base;
  return `${base} ${suffix === 'count' ? 'samples' : suffix}`;
}

export function RunResults({ run, metrics }: Props) {
  const passed = run.checks.filter((c) => c.passed).length;
  // Rates are per tick and p90/count add little at the end; totals, p50, p99 and max remain.
  const keys = Object.keys(run.summary).filter((k) => !/\.(rate|p90|count)$/.test(k));
  return (
    <section className="card results" aria-labelledby="results-title" data-state={run.state}>
      <div className="card-head">
        <h2 id="results-title">Results</h2>
        <div className="downloads">
          <a
            className="button secondary small"
            href={framesUrl(run.id, 'csv')}
            download={`${run.scenario}-${run.id}.csv`}
          >
            Download CSV
          </a>
          <a
            className="button secondary small"
            href={framesUrl(run.id, 'json')}
            download={`${run.scenario}-${run.id}.json`}
          >
            Download JSON
          </a>
        </div>
      </div>
      {run.error && (
        <p className="banner error" role="alert">
          The run failed: {run.error}
        </p>
      )}
      {run.checks.length > 0 ? (
        <>
          <p className={passed === run.checks.length ? 'checks-score all' : 'checks-score'}>
            {passed} of {run.checks.length} checks passed
          </p>
          <ul className="checks">
            {run.checks.map((c) => (
              <li
                key={c.id}
                className={c.passed ? 'check passed' : 'check failed'}
                data-check={c.id}
                data-passed={c.passed}
              >
                <span className="check-mark" aria-hidden="true">
                  {c.passed ? '✓' : '✗'}
                </span>
                <div>
                  <strong>{c.description}</strong>
                  <span className="visually-hidden">{c.passed ? ' passed' : ' failed'}</span>
                  <p>{c.detail}</p>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : (
        run.state !== 'failed' && <p className="muted">This run has no checks.</p>
      )}
      {keys.length > 0 && (
        <details className="summary" open>
          <summary>Summary: final values</summary>
          <dl>
            {keys.map((key) => (
              <div key={key} data-key={key}>
                <dt>{summaryLabel(metrics, key)}</dt>
                <dd>{formatValue(run.summary[key], unitForKey(metrics, key))}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </section>
  );
}
