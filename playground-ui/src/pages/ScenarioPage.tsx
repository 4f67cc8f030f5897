// A scenario: its lesson beside the controls, then what a run shows — live charts, the topology
// with numbers moving on it, the event log, and at the end the checks and summary.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { BROKERS } from '../api/types';
import type { RunView, ScenarioView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { trainerToken } from '../api/trainer-token';
import { ChartGrid } from '../charts/ChartGrid';
import { BrokerBadge, LevelBadge } from '../components/Badges';
import { EventLog } from '../components/EventLog';
import { InlineCode, splitReason } from '../components/InlineCode';
import { Lesson } from '../components/Lesson';
import { RunProgress } from '../components/RunProgress';
import { RunResults } from '../components/RunResults';
import { usePageTitle } from '../components/use-page-title';
import { usePhone } from '../components/use-phone';
import { useLessonActions } from '../components/use-lesson-actions';
import { DURATION_FIELD, check, fieldsOf } from '../params/fields';
import { LiveControls } from '../params/LiveControls';
import { ParamsForm } from '../params/ParamsForm';
import { usePreferences } from '../prefs/preferences';
import { useHealth } from '../realtime/health-store';
import { useRunStream } from '../realtime/use-run-stream';
import type { RunStream } from '../realtime/use-run-stream';
import { liveWindowFrames } from '../realtime/frame-window';
import { TopologyView } from '../topology/TopologyView';
import { FaultPanel } from '../faults/FaultPanel';
import { useFaults } from '../faults/use-faults';
import type { FaultsState } from '../faults/use-faults';
import { FaultNodesContext } from '../faults/fault-nodes-context';
import type { FaultNodes } from '../faults/fault-nodes-context';
import { useParamValues } from './use-param-values';
import { ReplayView } from '../replay/ReplayView';
import { RecordingLabel } from '../replay/RecordingLabel';
import { useStartParamsAfterRun } from '../replay/use-start-params';
import { FollowRequest } from '../traces/FollowRequest';
import { HttpCachePanel } from '../http-cache/HttpCachePanel';

export function ScenarioPage() {
  const [search] = useSearchParams();
  const replay = search.get('replay');
  // A replay needs nothing of the scenario here: its export says how to draw it.
  return replay ? <ReplayView runId={replay} /> : <ScenarioLoader />;
}

function ScenarioLoader() {
  const { id = '' } = useParams();
  const scenario = useResource(`scenario:${id}`, () => api.scenario(id));
  const { health } = useHealth();
  const { reload } = scenario;
  // Availability follows the brokers: re-read the scenario when one goes down or comes back.
  const brokerSignature = health ? BROKERS.map((b) => (health.brokers[b].ok ? 1 : 0)).join('') : '';
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [brokerSignature, reload]);
  usePageTitle(scenario.data?.title);

  if (scenario.data === undefined) {
    const missing = scenario.error instanceof ApiError && scenario.error.status === 404;
    return (
      <div className="page">
        {scenario.error ? (
          <div className="banner error" role="alert">
            <p>
              {missing
                ? `There is no scenario "${id}".`
                : `Could not load the scenario: ${scenario.error.message}`}
            </p>
            <Link to="/">Back to the scenarios</Link>
          </div>
        ) : (
          <div className="skeleton-page" aria-busy="true" aria-label="Loading the scenario" />
        )}
      </div>
    );
  }
  return <Workspace scenario={scenario.data} />;
}

function Workspace({ scenario }: { scenario: ScenarioView }) {
  const { presenter } = usePreferences();
  const fields = useMemo(() => [...fieldsOf(scenario.params), DURATION_FIELD], [scenario.params]);
  const { values, setValue, runId, setRunId } = useParamValues(fields);
  const stream = useRunStream(runId);
  const run = stream?.run;
  const running = run?.state === 'running';
  const ended = run !== undefined && !running;
  const faults = useFaults(runId, running);
  useStartParamsAfterRun(run, fields, setValue);
  const onLessonAction = useLessonActions({
    schema: scenario.params,
    fields,
    values,
    setValue,
    runId,
    run,
  });

  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [needToken, setNeedToken] = useState(false);
  const [starting, setStarting] = useState(false);
  const [stopping, setStopping] = useState(false);
  // Keyboard users keep their place: after Start the focus goes to Stop, after Stop to Start
  // (each replaces the other, and focus on a removed button would fall to the page).
  const focusNext = useRef<'start' | 'stop' | undefined>(undefined);
  useEffect(() => {
    const want = focusNext.current;
    if (want === undefined || (want === 'stop') !== running) return;
    focusNext.current = undefined;
    document.querySelector<HTMLButtonElement>(`[data-action="${want}"]`)?.focus();
  }, [running, runId]);
  const phone = usePhone();
  const [lessonOpen, setLessonOpen] = useState(false);

  const clientErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const field of fields) {
      const checked = check(field, values[field.name] ?? '');
      if (!checked.ok) out[field.name] = checked.error;
    }
    return out;
  }, [fields, values]);
  const errors = { ...serverErrors, ...clientErrors };

  const change = (name: string, value: string | boolean): void => {
    setValue(name, value);
    setServerErrors(({ [name]: _gone, ...rest }) => rest);
    setFormError(undefined);
  };

  const start = async (): Promise<void> => {
    const bad = fields.find((f) => clientErrors[f.name] !== undefined);
    if (bad !== undefined) {
      document.getElementById(`param-${bad.name}`)?.focus();
      return;
    }
    const params: Record<string, unknown> = {};
    let durationSec = 60;
    for (const field of fields) {
      const checked = check(field, values[field.name] ?? '');
      if (!checked.ok) continue;
      if (field.name === DURATION_FIELD.name) durationSec = Number(checked.value);
      else params[field.name] = checked.value;
    }
    setStarting(true);
    setFormError(undefined);
    setServerErrors({});
    try {
      const started = await api.startRun({ scenario: scenario.id, params, durationSec });
      setNeedToken(false);
      focusNext.current = 'stop';
      setRunId(started.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.body) {
        const byField: Record<string, string> = {};
        const list =
          error.body.errors ??
          (error.body.field ? [{ field: error.body.field, message: error.body.message }] : []);
        for (const e of list) {
          const name = e.field.replace(/^(body\.)?(params\.)?/, '');
          if (fields.some((f) => f.name === name)) byField[name] = e.message;
          else setFormError(e.message);
        }
        if (Object.keys(byField).length === 0 && list.length === 0) setFormError(error.message);
        setServerErrors(byField);
        const firstBad = fields.find((f) => byField[f.name] !== undefined);
        if (firstBad) document.getElementById(`param-${firstBad.name}`)?.focus();
      } else if (error instanceof ApiError && error.status === 401) {
        setNeedToken(true);
        setFormError(error.message);
      } else {
        setFormError((error as Error).message);
      }
    } finally {
      setStarting(false);
    }
  };

  const stop = async (): Promise<void> => {
    if (runId === undefined) return;
    setStopping(true);
    focusNext.current = 'start';
    try {
      await api.stopRun(runId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setNeedToken(true);
      setFormError((error as Error).message);
    } finally {
      setStopping(false);
    }
  };

  const unavailable = scenario.unavailableReason
    ? splitReason(scenario.unavailableReason)
    : undefined;
  const startButton = (
    <button
      type="submit"
      className="button primary"
      disabled={starting || !scenario.available || running}
      aria-describedby={unavailable ? 'unavailable-reason' : undefined}
      data-action="start"
    >
      {starting ? 'Starting…' : run ? 'Run again' : 'Start'}
    </button>
  );
  const stopButton = (
    <button
      type="button"
      className="button danger"
      onClick={() => void stop()}
      disabled={stopping}
      data-action="stop"
    >
      {stopping ? 'Stopping… (draining)' : 'Stop'}
    </button>
  );

  return (
    <div
      className={presenter ? 'page scenario presenter-layout' : 'page scenario'}
      data-scenario={scenario.id}
    >
      <header className="scenario-head">
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/">Scenarios</Link> <span aria-hidden="true">/</span>{' '}
          <span>{scenario.title}</span>
        </nav>
        <h1>{scenario.title}</h1>
        <div className="badges">
          <LevelBadge level={scenario.level} />
          {scenario.brokers.map((b) => (
            <BrokerBadge key={b} broker={b} />
          ))}
          {!presenter &&
            scenario.tags.map((t) => (
              <span key={t} className="badge tag">
                {t}
              </span>
            ))}
        </div>
        {!presenter && <p className="lead">{scenario.summary}</p>}
      </header>

      {unavailable && (
        <div className="banner warn" id="unavailable-reason" role="status">
          <strong>This scenario cannot run now.</strong> <InlineCode text={unavailable.problem} />
          {unavailable.fix && (
            <p>
              Fix: <InlineCode text={unavailable.fix} />
            </p>
          )}
        </div>
      )}
      {!runId && <WatchLive scenarioId={scenario.id} onWatch={setRunId} />}

      <div className="scenario-layout">
        <aside className="lesson-col">
          {/* On a phone the controls come first and the lesson folds away until asked for. */}
          <details
            className="lesson-details"
            open={!phone || lessonOpen}
            onToggle={(e) => {
              if (phone) setLessonOpen(e.currentTarget.open);
            }}
          >
            <summary className="lesson-summary">
              Lesson: the idea, what to watch, what to try
            </summary>
            {scenario.lesson ? (
              <Lesson
                markdown={scenario.lesson}
                schema={scenario.params}
                runState={run?.state}
                checks={run?.checks}
                onAction={onLessonAction}
              />
            ) : (
              <p className="muted">No lesson.</p>
            )}
          </details>
        </aside>

        <div className="work-col">
          {ended && <RunResults run={run} metrics={scenario.metrics} />}
          <section className="card controls" aria-labelledby="controls-title">
            <div className="card-head">
              <h2 id="controls-title">{running ? 'Live controls' : 'Parameters'}</h2>
              {run && !running && (
                <button type="button" className="link-button" onClick={() => setRunId(undefined)}>
                  Clear the last run
                </button>
              )}
            </div>
            {run && <RunProgress run={run} elapsedMs={stream?.latest?.t ?? run.elapsedMs} />}
            {running && runId ? (
              <>
                <LiveControls
                  runId={runId}
                  fields={fields}
                  params={run.params}
                  disabled={stopping}
                  onApplied={(name, value) => setValue(name, String(value))}
                />
                <div className="form-actions">
                  {stopButton}
                  <span className="muted small">
                    Params not marked live are fixed for this run.
                  </span>
                </div>
              </>
            ) : (
              <ParamsForm
                fields={fields}
                values={values}
                errors={errors}
                disabled={starting}
                onChange={change}
                onSubmit={() => void start()}
                actions={
                  <>
                    {startButton}
                    <span className="muted small">
                      The link to this page keeps these params: share it.
                    </span>
                  </>
                }
              />
            )}
            {formError && (
              <p className="banner error form-error" role="alert">
                {formError}
              </p>
            )}
            {needToken && <TokenPrompt onSaved={() => void start()} />}
          </section>

          {running && runId && (
            <section className="card fault-card" aria-labelledby="faults-title">
              <details>
                <summary>
                  <h2 id="faults-title">Faults</h2>
                  <span className="muted small">
                    break a link or a node of this run: every fault is a marker on the charts
                  </span>
                </summary>
                <FaultPanel
                  runId={runId}
                  faults={faults}
                  tokenPrompt={<TokenPrompt onSaved={() => undefined} />}
                />
              </details>
            </section>
          )}

          {/* http-caching only: the learner's browser as one more client of the run's origin. */}
          {run && scenario.id === 'http-caching' && (
            <HttpCachePanel key={run.id} runId={run.id} live={running} />
          )}

          <RunOutput scenario={scenario} stream={stream} runId={runId} faults={faults} />
        </div>
      </div>
    </div>
  );
}

function RunOutput({
  scenario,
  stream,
  runId,
  faults,
}: {
  scenario: ScenarioView;
  stream: RunStream | undefined;
  runId: string | undefined;
  faults: FaultsState;
}) {
  const run: RunView | undefined = stream?.run;
  const ended = run !== undefined && run.state !== 'running';
  const { view, busy, act } = faults;
  const faultNodes = useMemo<FaultNodes | undefined>(
    () =>
      view === undefined || runId === undefined
        ? undefined
        : {
            nodes: new Map(view.nodes.map((n) => [n.name, n])),
            busy,
            act: (node, action) => void act(() => api.nodeAction(runId, node, action)),
          },
    [view, busy, act, runId],
  );
  return (
    <>
      {runId && stream?.status === 'missing' && (
        <p className="banner warn" role="status">
          Run {runId} is no longer kept by the server (it keeps the latest 50).
        </p>
      )}
      {runId && stream?.status === 'error' && (
        <p className="banner error" role="alert" data-testid="stream-error">
          Could not load run {runId}: {stream.error}{' '}
          <button type="button" className="link-button" onClick={stream.retry}>
            Retry
          </button>
        </p>
      )}
      <section className="charts-section" aria-labelledby="charts-title">
        <div className="section-head">
          <h2 id="charts-title">Live charts</h2>
          {run?.recording && <RecordingLabel />}
          {run && (
            <span className="muted small">
              {ended ? 'the whole run' : 'the last 2 minutes'} · {stream?.frames.length ?? 0} frames
            </span>
          )}
        </div>
        {runId === undefined && (
          <p className="muted">Press Start: the charts fill as the run measures.</p>
        )}
        {/* Live charts show the newest two minutes; a finished run shows all it recorded. */}
        <ChartGrid
          charts={scenario.charts}
          metrics={scenario.metrics}
          frames={stream?.frames ?? []}
          latest={stream?.latest}
          keys={stream?.keys ?? []}
          {...(ended ? {} : { windowFrames: liveWindowFrames(run?.tickMs) })}
          phases={run?.phases}
          markers={run?.markers}
          summary={ended ? run.summary : undefined}
        />
      </section>
      {/* Presenter mode keeps the topology and event log too: they are what a trainer shows. */}
      <div className="run-extras">
        <section className="card topology-card" aria-labelledby="topology-title">
          <div className="card-head">
            <h2 id="topology-title">Topology</h2>
            <span className="muted small">
              {run ? 'what this run built, live' : 'what a run will build'}
            </span>
          </div>
          <FaultNodesContext.Provider value={faultNodes}>
            <TopologyView
              topology={run?.topology ?? scenario.topology}
              metrics={scenario.metrics}
              values={run ? stream?.latest?.values : undefined}
              flowing={run?.state === 'running'}
            />
          </FaultNodesContext.Provider>
        </section>
        <section className="card events-card" aria-labelledby="events-title">
          <div className="card-head">
            <h2 id="events-title">Event log</h2>
          </div>
          <EventLog events={stream?.events ?? []} />
        </section>
      </div>
      {/* Only a run whose services export traces shows it (the shop's scenarios). */}
      {run && <FollowRequest key={run.id} runId={run.id} live={run.state === 'running'} />}
    </>
  );
}

function WatchLive({ scenarioId, onWatch }: { scenarioId: string; onWatch(id: string): void }) {
  const runs = useRuns();
  const live = (runs.data ?? []).find((r) => r.scenario === scenarioId && r.state === 'running');
  if (live === undefined) return null;
  return (
    <div className="banner info" role="status">
      A run of this scenario is going now.{' '}
      <button type="button" className="link-button" onClick={() => onWatch(live.id)}>
        Watch it live
      </button>
    </div>
  );
}

function TokenPrompt({ onSaved }: { onSaved(): void }) {
  const [token, setToken] = useState(trainerToken.get() ?? '');
  return (
    <form
      className="token-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        trainerToken.set(token.trim());
        onSaved();
      }}
    >
      <label htmlFor="trainer-token">
        This server is shared: starting, stopping and tuning runs needs the trainer token.
      </label>
      <div className="row">
        <input
          id="trainer-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" className="button secondary">
          Use token
        </button>
      </div>
    </form>
  );
}
