import type { Topology } from '../src/sdk/contract.ts';
import type { DataStructuresParams } from './params.ts';

export function dataStructuresTopology(p: DataStructuresParams): Topology {
  const hash = p.fields > p.listpackEntries || p.valueBytes > p.listpackValue;
  const buckets = p.bucketObjects * p.fields > p.listpackEntries || p.valueBytes > p.listpackValue;
  return {
    nodes: [
      { id: 'app', kind: 'client', label: `app: ${p.fields} fields × ${p.valueBytes} B` },
      { id: 'json', kind: 'cache', label: 'JSON string per object', metric: 'memory.json' },
      {
        id: 'hash',
        kind: 'cache',
        label: `hash per object (${hash ? 'hashtable' : 'listpack'})`,
        metric: 'memory.hash',
      },
      {
        id: 'bucketed',
        kind: 'cache',
        label: `${p.bucketObjects} objects a bucket (${buckets ? 'hashtable' : 'listpack'})`,
        metric: 'memory.bucketed',
      },
    ],
    edges: ['json', 'hash', 'bucketed'].map((to) => ({
      from: 'app',
      to,
      metric: 'reads.rate',
      label: 'reads',
    })),
  };
}
