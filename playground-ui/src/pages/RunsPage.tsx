// Every run the server keeps (live ones first, then the last ended or imported), updated as runs
// start and end. A run shows the params it started with and whether they were changed live; it
// can be replayed, run again with its start params, exported, deleted, and an export imported.
import { useState } from 'react';
import type { DragEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, runUrl } from '../api/client';
import type { RunView, ScenarioView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { StateBadge } from '../components/Badges';
import { formatClock, formatDateTime } from '../charts/format';
import { usePageTitle } from '../components/use-page-title';
import { RecordingLabel } from '../replay/RecordingLabel';
import { readExportFile } from '../replay/read-export-file';
import '../replay/replay.css';

function checksText(run: RunView): string {
  if (run.state === 'running') return '–';
  if (run.checks.length === 0) return run.state === 'failed' ? 'not evaluated' : 'none';
  const passed = run.checks.filter((c) => c.status === 'passed').length;
  const notApplicable = run.checks.filter((c) => c.status === 'not-applicable').length;
  const score = `${passed} / ${run.checks.length - notApplicable} passed`;
  return notApplicable === 0 ? score : `${score}, ${notApplicable} not applicable`;
}

/** The start params that differ from the scenario's defaults (all of them if it is unknown). */
function startParams(run: RunView, scenario: ScenarioView | undefined): [string, unknown][] {
  return Object.entries(run.paramsAtStart).filter(
    ([name, value]) => scenario?.params.properties[name]?.default !== value,
  );
}

function paramsText(run: RunView, scenario: ScenarioView | undefined): string {
  const changed = startParams(run, scenario);
  return changed.length === 0
    ? 'defaults'
    : changed.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

function changesText(run: RunView): string {
  return run.changes
    .map(
      (c) =>
        `at ${formatClock(c.t)}: ${Object.entries(c.params)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')}`,
    )
    .join('\n');
}

/** The scenario page with the form filled with the run's start params (the URL holds them). */
function runAgainLink(run: RunView, scenario: ScenarioView | undefined): string {
  const search = new URLSearchParams();
  for (const [k, v] of startParams(run, scenario)) search.set(k, String(v));
  if (run.durationSec !== 60) search.set('durationSec', String(run.durationSec));
  const query = search.toString();
  return `/scenarios/${run.scenario}${query === '' ? '' : `?${query}`}`;
}

const replayLink = (run: RunView): string => `/scenarios/${run.scenario}?replay=${run.id}`;

export function RunsPage() {
  usePageTitle('Runs');
  const runs = useRuns();
  const scenarios = useResource('scenarios', api.scenarios);
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const byId = new Map((scenarios.data ?? []).map((s) => [s.id, s]));
  const list = runs.data ?? [];

  const importFile = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const imported = await api.importRun(await readExportFile(file));
      runs.reload();
      void navigate(replayLink(imported));
    } catch (error) {
      setProblem(`Could not import ${file.name}: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (run: RunView): Promise<void> => {
    const what = run.recording ? 'this recording' : 'this run';
    if (!window.confirm(`Delete ${what} (${run.id}) for good?`)) return;
    setProblem(undefined);
    try {
      await api.deleteRun(run.id);
    } catch (error) {
      setProblem(`Could not delete run ${run.id}: ${(error as Error).message}`);
    }
    runs.reload();
  };

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    void importFile(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={dragging ? 'page runs runs-drop' : 'page runs'}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="page-head">
        <h1>Runs</h1>
        <p className="lead">
          The runs this server keeps (the latest 500 unless RUN_HISTORY says otherwise), live ones
          first. They outlast a restart. Open one to see its charts again, replay it, or run it
          again with the params it started with.
        </p>
        <label className="button secondary" aria-disabled={busy}>
          {busy ? 'Importing…' : 'Import a run…'}
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            data-testid="import-run"
            disabled={busy}
            onChange={(e) => {
              void importFile(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>{' '}
        <span className="muted small">or drop an exported run on this page</span>
      </header>
      {problem && (
        <p className="banner error" role="alert">
          {problem}
        </p>
      )}
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
                <th scope="col">Params at start</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => {
                const scenario = byId.get(run.scenario);
                const ended = run.state !== 'running';
                return (
                  <tr
                    key={run.id}
                    data-run={run.id}
                    data-state={run.state}
                    data-recording={run.recording ? 'true' : undefined}
                  >
                    <td>
                      <Link
                        to={
                          run.recording
                            ? replayLink(run)
                            : `/scenarios/${run.scenario}?run=${run.id}`
                        }
                      >
                        {formatDateTime(run.startedAt)}
                      </Link>
                    </td>
                    <td>{scenario?.title ?? run.scenario}</td>
                    <td>
                      <StateBadge state={run.state} />
                      {run.recording && (
                        <>
                          {' '}
                          <RecordingLabel />
                        </>
                      )}
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
                    <td className="params-cell">
                      {paramsText(run, scenario)}
                      {run.changes.length > 0 && (
                        <span
                          className="badge tag"
                          title={changesText(run)}
                          data-testid="live-changes"
                        >
                          {' '}
                          changed live ×{run.changes.length}
                        </span>
                      )}
                    </td>
                    <td className="row-actions">
                      {ended && (
                        <Link to={replayLink(run)} data-action="replay">
                          Replay
                        </Link>
                      )}
                      {scenario && (
                        <Link to={runAgainLink(run, scenario)} data-action="run-again">
                          Run again
                        </Link>
                      )}
                      {ended && (
                        <a
                          href={runUrl(run.id)}
                          download={`${run.scenario}-${run.id}.playground-run.json`}
                          data-action="export"
                        >
                          Export
                        </a>
                      )}
                      {ended && (
                        <button
                          type="button"
                          className="link-button danger-text"
                          onClick={() => void remove(run)}
                          data-action="delete"
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
