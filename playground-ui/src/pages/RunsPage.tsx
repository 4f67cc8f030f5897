// Every run the server keeps, newest first, updated as runs start and end; open one to see its
// charts, topology, events and checks again.
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { RunView, ScenarioView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { StateBadge } from '../components/Badges';
import { formatClock, formatDateTime } from '../charts/format';
import { usePageTitle } from '../components/use-page-title';

function checksText(run: RunView): string {
  if (run.state === 'running') return '–';
  if (run.checks.length === 0) return run.state === 'failed' ? 'not evaluated' : 'none';
  const passed = run.checks.filter((c) => c.status === 'passed').length;
  const notApplicable = run.checks.filter((c) => c.status === 'not-applicable').length;
  const score = `${passed} / ${run.checks.length - notApplicable} passed`;
  return notApplicable === 0 ? score : `${score}, ${notApplicable} not applicable`;
}

function changedParams(run: RunView, scenario: ScenarioView | undefined): string {
  if (scenario === undefined) return '';
  const changed = Object.entries(run.params).filter(
    ([name, value]) => scenario.params.properties[name]?.default !== value,
  );
  return changed.length === 0
    ? 'defaults'
    : changed.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

export function RunsPage() {
  usePageTitle('Runs');
  const runs = useRuns();
  const scenarios = useResource('scenarios', api.scenarios);
  const byId = new Map((scenarios.data ?? []).map((s) => [s.id, s]));
  const list = runs.data ?? [];
  return (
    <div className="page runs">
      <header className="page-head">
        <h1>Runs</h1>
        <p className="lead">
          The runs this server has kept (the latest 50), newest first. Open one to see its charts
          again.
        </p>
      </header>
      {runs.error && !runs.data && (
        <p className="banner error" role="alert">
          Could not load the runs: {runs.error.message}
        </p>
      )}
      {runs.data && list.length === 0 && (
        <p className="muted">
          No runs yet. <Link to="/">Pick a scenario</Link> and press Start.
        </p>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Scenario</th>
                <th scope="col">State</th>
                <th scope="col">Length</th>
                <th scope="col">Checks</th>
                <th scope="col">Params</th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id} data-run={run.id} data-state={run.state}>
                  <td>
                    <Link to={`/scenarios/${run.scenario}?run=${run.id}`}>
                      {formatDateTime(run.startedAt)}
                    </Link>
                  </td>
                  <td>{byId.get(run.scenario)?.title ?? run.scenario}</td>
                  <td>
                    <StateBadge state={run.state} />
                    {run.error && (
                      <span className="error-text" title={run.error}>
                        {' '}
                        {run.error.slice(0, 60)}
                      </span>
                    )}
                  </td>
                  <td className="num">
                    {formatClock(run.elapsedMs)} / {formatClock(run.durationSec * 1000)}
                  </td>
                  <td>{checksText(run)}</td>
                  <td className="params-cell">{changedParams(run, byId.get(run.scenario))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
