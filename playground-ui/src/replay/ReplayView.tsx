// A kept run (or an imported recording) played back through the same charts, topology and event
// log as a live one, at 1×, 4× or 16×, from its export alone: no broker is needed. Once it is
// over it can be overlaid with another finished run of the same scenario.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { Frame, RecordedScenario, RunView } from '../api/types';
import { useRuns } from '../api/use-runs';
import { ChartGrid } from '../charts/ChartGrid';
import { formatClock, formatDateTime } from '../charts/format';
import { EventLog } from '../components/EventLog';
import { RunResults } from '../components/RunResults';
import { usePageTitle } from '../components/use-page-title';
import { TopologyView } from '../topology/TopologyView';
import { OverlayCharts } from './OverlayCharts';
import { RecordingLabel } from './RecordingLabel';
import { SPEEDS, useReplay } from './use-replay';
import './replay.css';

function runLabel(run: Pick<RunView, 'id' | 'startedAt'>): string {
  return `${formatDateTime(run.startedAt)} (${run.id})`;
}

export function ReplayView({ runId }: { runId: string }) {
  const replay = useReplay(runId);
  const file = replay.file;
  const timeline = useTimelineUpTo(file?.run, replay.clockMs);
  usePageTitle(file ? `Replay: ${file.scenario.title}` : 'Replay');

  if (file === undefined) {
    return (
      <div className="page replay">
        <RecordingLabel />
        {replay.status === 'error' ? (
          <div className="banner error" role="alert">
            <p>
              Could not load run {runId}: {replay.error}
            </p>
            <Link to="/runs">Back to the runs</Link>
          </div>
        ) : (
          <div className="skeleton-page" aria-busy="true" aria-label="Loading the recording" />
        )}
      </div>
    );
  }

  const { run, scenario, environment } = file;
  const over = !replay.playing && replay.clockMs >= replay.durationMs;
  const brokers = Object.entries(environment.brokers)
    .filter(([, version]) => version !== null)
    .map(([broker, version]) => `${broker} ${String(version)}`)
    .join(', ');
  return (
    <div className="page scenario replay" data-scenario={scenario.id} data-replay={run.id}>
      <header className="scenario-head">
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span>{' '}
          <span>Replay of {run.originalId ?? run.id}</span>
        </nav>
        <h1>{scenario.title}</h1>
        <div className="badges">
          <RecordingLabel detail={run.recording ? 'imported' : undefined} />
        </div>
        <p className="lead">
          Ran {formatDateTime(run.startedAt)} for {formatClock(run.elapsedMs)} on playground{' '}
          {environment.playground}, Node {environment.node}
          {brokers && `, ${brokers}`}. Scenario version {scenario.version}.{' '}
          <Link to={`/scenarios/${scenario.id}`}>Open the scenario</Link>
        </p>
      </header>

      <div className="replay-bar card" role="group" aria-label="Replay controls">
        {replay.playing ? (
          <button type="button" className="button secondary" onClick={replay.pause}>
            Pause
          </button>
        ) : (
          <button type="button" className="button primary" onClick={replay.play}>
            {over ? 'Replay again' : 'Play'}
          </button>
        )}
        <fieldset className="replay-speeds" aria-label="Speed">
          {SPEEDS.map((speed) => (
            <button
              key={speed}
              type="button"
              className="button secondary small"
              aria-pressed={replay.speed === speed}
              onClick={() => replay.setSpeed(speed)}
            >
              {speed}×
            </button>
          ))}
        </fieldset>
        <progress
          max={Math.max(1, replay.durationMs)}
          value={replay.clockMs}
          aria-label="Replay position"
        />
        <span className="muted small" data-testid="replay-clock">
          {formatClock(replay.clockMs)} / {formatClock(replay.durationMs)} · {replay.frames.length}{' '}
          of {file.frames.length} frames
        </span>
      </div>

      <ParamsAtStart run={run} />

      <section className="charts-section" aria-labelledby="charts-title">
        <div className="section-head">
          <h2 id="charts-title">Charts</h2>
          <RecordingLabel />
        </div>
        <ChartGrid
          charts={scenario.charts}
          metrics={scenario.metrics}
          frames={replay.frames}
          latest={replay.latest}
          keys={replay.keys}
          phases={timeline.phases}
          markers={timeline.markers}
          // Once every frame is drawn, legends give the recorded run's whole-run figures.
          summary={replay.frames.length === file.frames.length ? run.summary : undefined}
          // While it plays, the light renderer redraws each frame; stopped, the full one with
          // tooltips. The window is the whole run either way.
          {...(replay.playing ? { windowFrames: file.frames.length } : {})}
        />
      </section>
      <div className="run-extras">
        <section className="card topology-card" aria-labelledby="topology-title">
          <div className="card-head">
            <h2 id="topology-title">Topology</h2>
            <RecordingLabel />
          </div>
          <TopologyView
            topology={run.topology}
            metrics={scenario.metrics}
            values={replay.latest?.values}
            flowing={replay.playing}
          />
        </section>
        <section className="card events-card" aria-labelledby="events-title">
          <div className="card-head">
            <h2 id="events-title">Event log</h2>
            <RecordingLabel />
          </div>
          <EventLog events={replay.events} />
        </section>
      </div>
      {over && (
        <>
          <RunResults run={run} metrics={scenario.metrics} />
          <Compare run={run} frames={file.frames} scenario={file.scenario} />
        </>
      )}
    </div>
  );
}

/** The phases and markers the replay has reached: a phase under way is open until it ends. */
function useTimelineUpTo(
  run: RunView | undefined,
  clockMs: number,
): Pick<RunView, 'phases' | 'markers'> {
  // Recomputed each time the clock is shown (a few times a second), not on every animation frame.
  return useMemo(
    () => ({
      phases: (run?.phases ?? [])
        .filter((p) => p.startMs <= clockMs)
        .map((p) => (p.endMs !== null && p.endMs > clockMs ? { ...p, endMs: null } : p)),
      markers: (run?.markers ?? []).filter((m) => m.t <= clockMs),
    }),
    [run, clockMs],
  );
}

function ParamsAtStart({ run }: { run: RunView }) {
  const start = Object.entries(run.paramsAtStart)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return (
    <section className="card replay-params" aria-label="Params">
      <p>
        <strong>Started with:</strong> {start || 'no params'}
      </p>
      {run.changes.length > 0 && (
        <ol className="replay-changes">
          {run.changes.map((change) => (
            <li key={change.t}>
              at {formatClock(change.t)}:{' '}
              {Object.entries(change.params)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(', ')}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Compare({
  run,
  frames,
  scenario,
}: {
  run: RunView;
  frames: Frame[];
  scenario: RecordedScenario;
}) {
  const runs = useRuns();
  const [otherId, setOtherId] = useState<string>('');
  const [other, setOther] = useState<{ id: string; frames: Frame[] } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const candidates = (runs.data ?? []).filter(
    (r) => r.scenario === run.scenario && r.id !== run.id && r.state !== 'running',
  );

  useEffect(() => {
    if (otherId === '') {
      setOther(undefined);
      return;
    }
    let cancelled = false;
    setError(undefined);
    api.frames(otherId).then(
      (loaded) => {
        if (!cancelled) setOther({ id: otherId, frames: loaded.frames });
      },
      (e: unknown) => {
        if (!cancelled) setError((e as Error).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [otherId]);

  const otherRun = candidates.find((r) => r.id === other?.id);
  return (
    <section className="card compare" aria-labelledby="compare-title">
      <div className="card-head">
        <h2 id="compare-title">Compare with…</h2>
      </div>
      {candidates.length === 0 ? (
        <p className="muted">No other finished run of this scenario is kept.</p>
      ) : (
        <label>
          Another run of this scenario{' '}
          <select value={otherId} onChange={(e) => setOtherId(e.target.value)}>
            <option value="">none</option>
            {candidates.map((r) => (
              <option key={r.id} value={r.id}>
                {runLabel(r)}
                {r.recording ? ' · recording' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p className="banner error" role="alert">
          Could not load that run: {error}
        </p>
      )}
      {other && otherRun && (
        <OverlayCharts
          scenario={scenario}
          base={{ label: `this run ${run.id}`, frames }}
          other={{ label: `run ${otherRun.id}`, frames: other.frames }}
        />
      )}
    </section>
  );
}
