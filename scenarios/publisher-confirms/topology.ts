import type { Topology } from '../src/sdk/contract.ts';
import type { PublisherConfirmsParams } from './params.ts';

export function publisherConfirmsTopology(params: PublisherConfirmsParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'publisher', kind: 'producer', label: 'publisher (one mode at a time)' },
      { id: 'queue', kind: 'queue', label: 'queue of the mode (shared broker)' },
    ],
    edges: [
      { from: 'publisher', to: 'queue', metric: 'published.rate', label: 'publish' },
      { from: 'queue', to: 'publisher', metric: 'confirmed.rate', label: 'confirm' },
    ],
  };
  if (params.crash) {
    topology.nodes.push(
      { id: 'durable', kind: 'queue', label: 'persistent (private node)', metric: 'survived' },
      { id: 'transient', kind: 'queue', label: 'transient (private node)', metric: 'lost' },
    );
    topology.edges.push(
      { from: 'publisher', to: 'durable', label: 'persistent' },
      { from: 'publisher', to: 'transient', label: 'transient' },
    );
  }
  return topology;
}
