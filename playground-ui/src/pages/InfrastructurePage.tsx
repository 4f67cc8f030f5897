// The brokers (health, version, address, latency, live), the resources each live run holds with
// the commands that show them in the broker's own tools, what ended runs could not delete yet,
// and the UI's own telemetry.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { BROKERS } from '../api/types';
import type { BrokerHealth, BrokerName, Health, RunView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { BROKER_LABEL } from '../components/Badges';
import { formatTime } from '../charts/format';
import { useHealth } from '../realtime/health-store';
import { usePendingCleanups } from '../realtime/use-pending-cleanups';
import type { PendingCleanup } from '../realtime/use-pending-cleanups';
import { usePageTitle } from '../components/use-page-title';
import { CopyButton } from '../components/CopyButton';
import { resourceCommands } from './resource-commands';
import { TelemetryPanel } from './TelemetryPanel';

// A run's page: live it streams, ended it shows the recorded charts and checks.
const runLink = (scenario: string, runId: string): string =>
  `/scenarios/${encodeURIComponent(scenario)}?run=${encodeURIComponent(runId)}`;

const FIX: Record<BrokerName, string> = {
  redis: 'npm run infra:up  (or set REDIS_URL)',
  rabbitmq: 'npm run infra:up  (or set AMQP_URL)',
  kafka: 'npm run infra:up  (or set KAFKA_BROKERS)',
};

export function InfrastructurePage() {
  usePageTitle('Infrastructure');
  const { health, error } = useHealth(2000);
  const runs = useRuns();
  const scenarios = useResource('scenarios', api.scenarios);
  const cleanups = usePendingCleanups();
  const live = (runs.data ?? []).filter((r) => r.state === 'running');
  // A live run registers queues, topics and groups as it builds them, after it was listed:
  // re-read the runs while any is going, so its resources appear as they come.
  const { reload } = runs;
  const anyLive = live.length > 0;
  useEffect(() => {
    if (!anyLive) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [anyLive, reload]);
  return (
    <div className="page infrastructure">
      <header className="page-head">
        <h1>Infrastructure</h1>
        <p className="lead">
          The brokers the scenarios run on, checked every couple of seconds, and what each live run
          has created on them.
        </p>
      </header>
      {error && !health && (
        <p className="banner error" role="alert">
          Could not read the brokers' health: {error}
        </p>
      )}
      <section aria-labelledby="brokers-title">
        <h2 id="brokers-title">Brokers</h2>
        {health && (
          <p className="muted" data-testid="server-runtime">
            The server runs on Node.js <code>{health.runtime.node}</code>.
          </p>
        )}
        <ul className="broker-cards">
          {BROKERS.map((b) => (
            <li key={b}>
              <BrokerCard name={b} health={health?.brokers[b]} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="resources-title">
        <h2 id="resources-title">Live runs and their resources</h2>
        {live.length === 0 ? (
          <p className="muted">
            No run is going. Resources appear here while a run holds them; every run deletes its own
            when it ends.
          </p>
        ) : (
          live.map((run) => (
            <RunResources
              key={run.id}
              run={run}
              title={scenarios.data?.find((s) => s.id === run.scenario)?.title ?? run.scenario}
              brokers={scenarios.data?.find((s) => s.id === run.scenario)?.brokers ?? BROKERS}
              health={health}
            />
          ))
        )}
      </section>
      <section aria-labelledby="cleanups-title" data-testid="pending-cleanups">
        <h2 id="cleanups-title">Pending cleanups</h2>
        {cleanups.error && (
          <p className="banner error" role="alert">
            Could not read the pending cleanups: {cleanups.error.message}{' '}
            <button type="button" className="link-button" onClick={cleanups.reload}>
              Retry
            </button>
          </p>
        )}
        {cleanups.data?.length === 0 && (
          <p className="muted">Nothing pending: every ended run deleted what it created.</p>
        )}
        {cleanups.data?.map((c) => (
          <PendingCleanupCard
            key={c.runId}
            cleanup={c}
            title={scenarios.data?.find((s) => s.id === c.scenario)?.title ?? c.scenario}
          />
        ))}
      </section>
      <TelemetryPanel />
    </div>
  );
}

function BrokerCard({ name, health }: { name: BrokerName; health: BrokerHealth | undefined }) {
  const state = health === undefined ? 'unknown' : health.ok ? 'up' : 'down';
  return (
    <article className={`broker-card ${state}`} data-broker={name} data-ok={health?.ok}>
      <header>
        <span className="dot" aria-hidden="true" />
        <h3>{BROKER_LABEL[name]}</h3>
        <span className="broker-state">{state}</span>
      </header>
      <dl>
        <div>
          <dt>Address</dt>
          <dd>
            <code>{health?.address ?? '–'}</code>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{health?.version ?? '–'}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd className="num" data-latency>
            {health?.latencyMs != null ? `${health.latencyMs.toFixed(2)} ms` : '–'}
          </dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd>{formatTime(health?.checkedAt ?? null)}</dd>
        </div>
      </dl>
      {health && !health.ok && (
        <div className="broker-down">
          <p>{health.error ?? 'not reachable'}</p>
          <p>
            Fix: <code>{FIX[name]}</code>
          </p>
        </div>
      )}
    </article>
  );
}

function RunResources({
  run,
  title,
  brokers,
  health,
}: {
  run: RunView;
  title: string;
  brokers: readonly BrokerName[];
  health: Health | undefined;
}) {
  const commands = resourceCommands(
    run.resources,
    {
      redis: health?.brokers.redis.address,
      rabbitmq: health?.brokers.rabbitmq.address,
      kafka: health?.brokers.kafka.address,
    },
    brokers,
  );
  return (
    <article className="card run-resources" data-run={run.id}>
      <div className="card-head">
        <h3>
          <Link to={runLink(run.scenario, run.id)}>{title}</Link>{' '}
          <span className="muted">· run {run.id}</span>
        </h3>
      </div>
      {commands.length === 0 ? (
        <p className="muted">This run holds nothing on the brokers yet.</p>
      ) : (
        <ul className="commands">
          {commands.map((c) => (
            <li key={c.command}>
              <p>
                <span className={`broker-dot ${c.broker}`} aria-hidden="true" /> {c.what}
              </p>
              <div className="command-row">
                <pre>
                  <code>{c.command}</code>
                </pre>
                <CopyButton text={c.command} label={c.what} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function leftoverList(resources: PendingCleanup['resources']): string[] {
  return [
    `Redis keys ${resources.redisKeyPrefix}*`,
    ...resources.queues.map((q) => `queue ${q}`),
    ...resources.exchanges.map((x) => `exchange ${x}`),
    ...resources.topics.map((t) => `topic ${t}`),
    ...resources.groups.map((g) => `group ${g}`),
  ];
}

function PendingCleanupCard({ cleanup, title }: { cleanup: PendingCleanup; title: string }) {
  const waitingFor = cleanup.brokers.map((b) => BROKER_LABEL[b]).join(' or ');
  return (
    <article className="card run-resources pending-cleanup" data-cleanup={cleanup.runId}>
      <div className="card-head">
        <h3>
          <Link to={runLink(cleanup.scenario, cleanup.runId)}>{title}</Link>{' '}
          <span className="muted">· run {cleanup.runId}</span>
        </h3>
      </div>
      <p>
        {cleanup.attempts === 0
          ? 'Left by a server that stopped; not tried yet.'
          : `${cleanup.attempts} attempt${cleanup.attempts === 1 ? '' : 's'}, the last at ${formatTime(cleanup.lastAttemptAt)}.`}{' '}
        {waitingFor !== '' && `Retried when ${waitingFor} is back.`}
      </p>
      {cleanup.lastError !== null && (
        <p className="broker-down" data-last-error>
          {cleanup.lastError}
        </p>
      )}
      <ul className="muted small">
        {leftoverList(cleanup.resources).map((item) => (
          <li key={item}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
    </article>
  );
}
