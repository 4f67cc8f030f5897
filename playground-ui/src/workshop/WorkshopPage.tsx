// Workshops: start a shipped or uploaded lesson plan for the room, present it from this tab, set
// how many runs the room may have at once, and download a plan to edit and share.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { trainerToken } from '../api/trainer-token';
import { useResource } from '../api/use-resource';
import { usePageTitle } from '../components/use-page-title';
import { workshopApi } from './api';
import { room, useRoom } from './store';
import { stepUrl } from './step-url';
import type { Workshop, WorkshopLimits } from './types';

function describeError(error: unknown): string {
  if (error instanceof ApiError && error.body?.field)
    return `${error.message} (${error.body.field})`;
  return (error as Error).message;
}

function download(plan: Workshop): void {
  const blob = new Blob([`${JSON.stringify(plan, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${plan.id}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function WorkshopPage() {
  usePageTitle('Workshop');
  const shipped = useResource('workshops', workshopApi.shipped);
  const view = useRoom();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [needToken, setNeedToken] = useState(false);
  const live = view.state?.live === true ? view.state.plan : undefined;

  const act = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    try {
      const result = await action();
      setNeedToken(false);
      return result;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setNeedToken(true);
      setError(describeError(e));
      return undefined;
    }
  };

  const start = async (plan: Workshop): Promise<void> => {
    const state = await act(() => workshopApi.start(plan));
    if (state === undefined) return;
    room.setState(state);
    room.setPresenting(true);
    const first = plan.steps[0];
    if (first && state.position) navigate(stepUrl(first, state.position));
  };

  const upload = async (file: File): Promise<void> => {
    let plan: Workshop;
    try {
      plan = JSON.parse(await file.text()) as Workshop;
    } catch (e) {
      setError(`${file.name} is not JSON: ${(e as Error).message}`);
      return;
    }
    // The server checks the shape, the scenarios and every preset param against its bounds.
    await start(plan);
  };

  return (
    <div className="page workshop-page">
      <header className="page-head">
        <h1>Workshop</h1>
        <p className="lead">
          A lesson plan runs scenarios in order, each with preset params and a question to ask the
          room before it starts. The presenter&apos;s screen leads: every learner&apos;s screen with{' '}
          <em>Follow the presenter</em> on goes to the same scenario, lesson section and run.
        </p>
      </header>

      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      {needToken && <TokenForm />}

      {live && (
        <section className="card workshop-live" aria-labelledby="live-title">
          <div className="card-head">
            <h2 id="live-title">Live: {live.title}</h2>
            <div className="row">
              {!view.presenting && (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => room.setPresenting(true)}
                >
                  Present from this screen
                </button>
              )}
              <button type="button" className="button secondary" onClick={() => download(live)}>
                Download the plan
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() =>
                  void act(workshopApi.end).then((s) => {
                    if (s) room.setState(s);
                  })
                }
              >
                End the workshop
              </button>
            </div>
          </div>
          <Steps plan={live} current={view.state?.position?.step} />
          {view.state && <LimitsForm limits={view.state.limits} onSave={act} />}
        </section>
      )}

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">Lesson plans</h2>
        <div className="workshop-upload">
          <label className="button secondary">
            Upload a plan (.json) and start it
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void upload(file);
              }}
            />
          </label>
          <span className="muted small">
            Start from a download below; the schema is{' '}
            <code>playground-server/workshops/workshop.schema.json</code>.
          </span>
        </div>
        {shipped.error && (
          <p className="banner error" role="alert">
            Could not load the plans: {shipped.error.message}
          </p>
        )}
        <ul className="cards workshop-plans">
          {shipped.data?.map((plan) => (
            <li key={plan.id}>
              <article className="card workshop-plan" data-workshop={plan.id}>
                <h3>{plan.title}</h3>
                {plan.description && <p className="muted">{plan.description}</p>}
                <Steps plan={plan} />
                <div className="row">
                  <button
                    type="button"
                    className="button primary"
                    onClick={() => void start(plan)}
                    data-action="start-workshop"
                  >
                    Start for the room
                  </button>
                  <a className="button secondary" href={workshopApi.fileUrl(plan.id)} download>
                    Download
                  </a>
                </div>
              </article>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Steps({ plan, current }: { plan: Workshop; current?: number | undefined }) {
  const total = plan.steps.reduce((sum, s) => sum + s.minutes, 0);
  return (
    <ol className="workshop-step-list" aria-label={`${plan.steps.length} steps, ${total} minutes`}>
      {plan.steps.map((step, i) => (
        <li key={i} aria-current={current === i ? 'step' : undefined}>
          <span className="step-scenario">{step.scenario}</span>{' '}
          <span className="muted small">{step.minutes} min</span>
          <p>{step.question}</p>
        </li>
      ))}
    </ol>
  );
}

function LimitsForm({
  limits,
  onSave,
}: {
  limits: WorkshopLimits;
  onSave: <T>(action: () => Promise<T>) => Promise<T | undefined>;
}) {
  const [perClient, setPerClient] = useState(limits.perClient?.toString() ?? '');
  const [total, setTotal] = useState(limits.total?.toString() ?? '');
  const [saved, setSaved] = useState(false);
  const parse = (text: string): number | null => (text.trim() === '' ? null : Number(text));
  return (
    <form
      className="workshop-limits"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void onSave(() =>
          workshopApi.setLimits({ perClient: parse(perClient), total: parse(total) }),
        ).then((r) => setSaved(r !== undefined));
      }}
    >
      <h3>Runs at once</h3>
      <label>
        <span>Per learner</span>
        <input
          type="number"
          min={1}
          max={100}
          step={1}
          placeholder="no limit"
          value={perClient}
          onChange={(e) => setPerClient(e.target.value)}
        />
      </label>
      <label>
        <span>In the whole room</span>
        <input
          type="number"
          min={1}
          max={1000}
          step={1}
          placeholder="no limit"
          value={total}
          onChange={(e) => setTotal(e.target.value)}
        />
      </label>
      <button type="submit" className="button secondary">
        Set the limits
      </button>
      <span className="muted small" aria-live="polite">
        {saved ? 'Saved: a start beyond them is refused, naming the limit.' : ''}
      </span>
    </form>
  );
}

function TokenForm() {
  const [token, setToken] = useState(trainerToken.get() ?? '');
  return (
    <form
      className="token-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        trainerToken.set(token.trim());
      }}
    >
      <label htmlFor="workshop-token">
        Running a workshop needs the trainer token: enter it, then try again.
      </label>
      <div className="row">
        <input
          id="workshop-token"
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
