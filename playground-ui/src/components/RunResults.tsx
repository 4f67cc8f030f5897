// The end of a run: each check as passed, failed or not applicable with its detail, the summary
// numbers, and the run (checks included) and its frames to download.
import type { CheckOutcome, MetricSpec, RunView } from '../api/types';
import { framesUrl, runUrl } from '../api/client';
import { formatValue } from '../charts/format';
import { specForKey, unitForKey } from '../charts/series';

interface Props {
  run: RunView;
  metrics: MetricSpec[];
}

// 'maxInAnyWindow.gcra' → 'max in any window': what the number counts, where labels repeat.
const humanize = (prefix: string): string =>
  prefix
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

function summaryLabel(metrics: MetricSpec[], key: string): string {
  const spec = specForKey(metrics, key);
  const suffix = /\.(rate|p50|p90|p99|max|count)$/.exec(key)?.[1];
  const n = /(\d+)(?!.*\d)/.exec(key.replace(/\.(rate|p50|p90|p99|max|count)$/, ''))?.[1] ?? '';
  let base = spec ? spec.label.replace(/\{[in]\}/, n) : key;
  // Several keys under one label (a limiter's allowed, rejected and worst window are all
  // "Fixed window"): say which number this is.
  if (spec && metrics.filter((m) => m.label === spec.label).length > 1) {
    base = `${base} · ${humanize(spec.key.split('.')[0] ?? spec.key)}`;
  }
  if (suffix === undefined) return base;
  return `${base} ${suffix === 'count' ? 'samples' : suffix}`;
}

const MARK: Record<CheckOutcome['status'], string> = {
  passed: '✓',
  failed: '✗',
  'not-applicable': '–',
};

// A check the params rule out is neither a pass nor a failure: grey, not green or red.
const NEUTRAL_MARK = { background: 'var(--surface-3)', color: 'var(--text-2)' };

/** "2 of 3 checks passed", not counting those that do not apply, which are named apart. */
function checksScore(checks: readonly CheckOutcome[]): { text: string; all: boolean } {
  const passed = checks.filter((c) => c.status === 'passed').length;
  const notApplicable = checks.filter((c) => c.status === 'not-applicable').length;
  const applicable = checks.length - notApplicable;
  const text = `${passed} of ${applicable} checks passed`;
  return {
    text: notApplicable === 0 ? text : `${text} (${notApplicable} not applicable)`,
    all: passed === applicable,
  };
}

function CheckItem({ check }: { check: CheckOutcome }) {
  const na = check.status === 'not-applicable';
  return (
    <li
      className={`check ${check.status}`}
      data-check={check.id}
      data-passed={check.passed}
      data-status={check.status}
    >
      <span className="check-mark" aria-hidden="true" style={na ? NEUTRAL_MARK : undefined}>
        {MARK[check.status]}
      </span>
      <div>
        <strong>{check.description}</strong>{' '}
        {na ? (
          <span className="badge not-applicable" title="the params rule this check out">
            not applicable
          </span>
        ) : (
          <span className="visually-hidden">{check.passed ? ' passed' : ' failed'}</span>
        )}
        <p>{check.detail}</p>
      </div>
    </li>
  );
}

export function RunResults({ run, metrics }: Props) {
  const score = checksScore(run.checks);
  // Rates are per tick and p90/count add little at the end; totals, p50, p99 and max remain.
  const kept = Object.keys(run.summary).filter((k) => !/\.(rate|p90|count)$/.test(k));
  // Grouped by what they count (every "allowed" together), groups in the order the run kept them.
  const groupOf = (k: string): string => k.split('.')[0] ?? k;
  const firstOf = (k: string): number => kept.findIndex((x) => groupOf(x) === groupOf(k));
  const keys = kept
    .map((k, i) => ({ k, i }))
    .sort((a, b) => firstOf(a.k) - firstOf(b.k) || a.i - b.i)
    .map(({ k }) => k);
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
            download={`${run.scenario}-${run.id}-frames.json`}
          >
            Frames JSON
          </a>
          <a
            className="button secondary small"
            href={runUrl(run.id)}
            download={`${run.scenario}-${run.id}-results.json`}
          >
            Results JSON
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
          <p className={score.all ? 'checks-score all' : 'checks-score'}>{score.text}</p>
          <ul className="checks">
            {run.checks.map((c) => (
              <CheckItem key={c.id} check={c} />
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
