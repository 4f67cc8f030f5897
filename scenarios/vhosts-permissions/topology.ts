import type { Topology } from '../src/sdk/contract.ts';
import type { VhostsPermissionsParams } from './params.ts';

export function vhostsPermissionsTopology(_params: VhostsPermissionsParams): Topology {
  return {
    nodes: [
      { id: 'alice', kind: 'client', label: 'alice (tenant-a)' },
      { id: 'auditor', kind: 'client', label: 'auditor (tenant-a, read only)' },
      { id: 'bob', kind: 'client', label: 'bob (tenant-b)' },
      { id: 'tenant-a', kind: 'limiter', label: 'vhost tenant-a', metric: 'refused' },
      { id: 'tenant-b', kind: 'limiter', label: 'vhost tenant-b' },
      { id: 'a-queues', kind: 'queue', label: 'alice.orders, shared.orders', parent: 'tenant-a' },
      { id: 'b-queues', kind: 'queue', label: 'bob.jobs, bob.secret', parent: 'tenant-b' },
    ],
    edges: [
      { from: 'alice', to: 'tenant-a', metric: 'allowed.rate', label: 'declare, publish, get' },
      { from: 'auditor', to: 'tenant-a', label: 'get' },
      { from: 'bob', to: 'tenant-b', label: 'declare, publish, get' },
      { from: 'alice', to: 'tenant-b', metric: 'refused.connect.rate', label: 'connect: refused' },
      { from: 'bob', to: 'tenant-a', label: 'connect: refused' },
    ],
  };
}
