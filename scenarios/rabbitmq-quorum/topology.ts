import type { Topology } from '../src/sdk/contract.ts';
import type { RabbitmqQuorumParams } from './params.ts';

export const CLUSTER_SIZE = 3;

export function rabbitmqQuorumTopology(p: RabbitmqQuorumParams): Topology {
  const brokers = Array.from({ length: CLUSTER_SIZE }, (_, i) => `rabbitmq-${i + 1}`);
  const restart = p.restartAtSec > 0 ? `, back at ${p.restartAtSec} s` : ', never restarted';
  return {
    nodes: [
      { id: 'pub-quorum', kind: 'producer', label: 'publisher (quorum)' },
      { id: 'pub-classic', kind: 'producer', label: `publisher (classic, ${p.classicMessages})` },
      { id: 'quorum', kind: 'queue', label: 'quorum queue (3 replicas)', metric: 'lost.quorum' },
      { id: 'classic', kind: 'queue', label: 'classic queue', metric: 'lost.classic' },
      ...brokers.map((b, i) => ({
        id: b,
        kind: 'broker' as const,
        label: i === 0 ? `${b} (leader; killed at ${p.killAtSec} s${restart})` : b,
        faultNode: b,
      })),
    ],
    edges: [
      { from: 'pub-quorum', to: 'quorum', metric: 'confirmed.quorum.rate', label: 'confirmed' },
      { from: 'pub-classic', to: 'classic', metric: 'confirmed.classic.rate', label: 'confirmed' },
      ...brokers.map((b, i) => ({ from: 'quorum', to: b, label: i === 0 ? 'leader' : 'follower' })),
      { from: 'classic', to: 'rabbitmq-1', label: 'lives only here' },
    ],
  };
}
