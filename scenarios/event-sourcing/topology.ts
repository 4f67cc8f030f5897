import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import type { EventSourcingParams } from './params.ts';

export function eventSourcingTopology(params: EventSourcingParams): Topology {
  const nodes: TopologyNode[] = [
    {
      id: 'bank',
      kind: 'producer',
      label: 'bank (decides, writes events)',
      metric: 'ledgerBalance',
    },
    {
      id: 'topic',
      kind: 'topic',
      label: `account events (${params.partitions} partitions)`,
      metric: 'logEvents',
    },
    { id: 'view', kind: 'consumer', label: 'balance view (read model)', metric: 'viewBalance' },
  ];
  for (let n = 0; n < params.partitions; n++) {
    nodes.push({ id: `partition-${n}`, kind: 'partition', label: `p${n}`, parent: 'topic' });
  }
  return {
    nodes,
    edges: [
      { from: 'bank', to: 'topic', metric: 'events.rate' },
      {
        from: 'topic',
        to: 'view',
        metric: 'applied.rate',
        label: 'replay from offset 0, then live',
      },
    ],
  };
}
