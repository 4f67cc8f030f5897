import type { BrokerName, Level, RunState } from '../api/types';

export const BROKER_LABEL: Record<BrokerName, string> = {
  redis: 'Redis',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
};

export function BrokerBadge({ broker }: { broker: BrokerName }) {
  return <span className={`badge broker broker-${broker}`}>{BROKER_LABEL[broker] ?? broker}</span>;
}

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`badge level level-${level}`}>{level}</span>;
}

const STATE_TEXT: Record<RunState, string> = {
  running: 'running',
  completed: 'completed',
  stopped: 'stopped',
  failed: 'failed',
};

export function StateBadge({ state }: { state: RunState }) {
  return (
    <span className={`badge state state-${state}`} data-state={state}>
      {state === 'running' && <span className="pulse" aria-hidden="true" />}
      {STATE_TEXT[state]}
    </span>
  );
}
