import type { Topology } from '../src/sdk/contract.ts';
import type { NetworkFaultsParams } from './params.ts';

const BROKER_LABEL: Record<NetworkFaultsParams['broker'], string> = {
  redis: 'Redis',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
};

export function networkFaultsTopology(p: NetworkFaultsParams): Topology {
  const via = `link '${p.broker}': ${p.toxic} ${p.stream} ${p.faultAtSec}–${p.liftAtSec} s`;
  const broker = { id: 'broker', kind: 'broker' as const, label: BROKER_LABEL[p.broker] };
  if (p.broker !== 'kafka') {
    return {
      nodes: [
        {
          id: 'clients',
          kind: 'client',
          label: `${p.inFlight} closed-loop workers`,
          metric: 'latency.p99',
        },
        broker,
        {
          id: 'store',
          kind: p.broker === 'redis' ? 'cache' : 'queue',
          label: p.broker === 'redis' ? 'list (RPUSH)' : 'queue (confirmed publishes)',
          parent: 'broker',
        },
      ],
      edges: [{ from: 'clients', to: 'broker', metric: 'answered.rate', label: via }],
    };
  }
  return {
    nodes: [
      {
        id: 'plain',
        kind: 'producer',
        label: 'non-idempotent producer',
        metric: 'retries',
      },
      {
        id: 'idempotent',
        kind: 'producer',
        label: 'idempotent producer',
        metric: 'idempotentRetries',
      },
      broker,
      { id: 'plain-topic', kind: 'topic', label: 'plain', parent: 'broker', metric: 'duplicates' },
      {
        id: 'idempotent-topic',
        kind: 'topic',
        label: 'idempotent',
        parent: 'broker',
        metric: 'idempotentDuplicates',
      },
      { id: 'reader', kind: 'client', label: 'full read at the end' },
    ],
    edges: [
      { from: 'plain', to: 'plain-topic', label: via },
      { from: 'idempotent', to: 'idempotent-topic', label: via },
      { from: 'broker', to: 'reader', label: 'at the end' },
    ],
  };
}
