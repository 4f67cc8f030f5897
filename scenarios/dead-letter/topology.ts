import type { Topology } from '../src/sdk/contract.ts';
import { depthKeys } from './metrics.ts';
import type { DeadLetterParams } from './params.ts';

export function deadLetterTopology(params: DeadLetterParams): Topology {
  return {
    nodes: [
      { id: 'publisher', kind: 'producer', label: 'publisher' },
      { id: 'work-x', kind: 'exchange', label: 'work exchange (direct)' },
      {
        id: 'work',
        kind: 'queue',
        label: `work queue (max ${params.maxLength}, drop-head)`,
        metric: depthKeys.work,
      },
      { id: 'worker', kind: 'consumer', label: 'worker' },
      { id: 'dlx', kind: 'exchange', label: 'dead-letter exchange (fanout)' },
      { id: 'dead', kind: 'queue', label: 'dead-letter queue', metric: depthKeys.dead },
      { id: 'tap', kind: 'queue', label: 'dead-letter tap' },
      { id: 'monitor', kind: 'consumer', label: 'monitor (reads x-death)' },
      {
        id: 'retry',
        kind: 'queue',
        label: `retry queue (TTL ${params.retryDelayMs} ms)`,
        metric: depthKeys.retry,
      },
      { id: 'parking', kind: 'queue', label: 'parking lot', metric: depthKeys.parked },
    ],
    edges: [
      { from: 'publisher', to: 'work-x', metric: 'confirmed.rate' },
      { from: 'work-x', to: 'work', label: 'task' },
      { from: 'work', to: 'worker', metric: 'delivered.rate' },
      { from: 'work', to: 'dlx', label: 'rejected, expired, maxlen' },
      { from: 'dlx', to: 'dead' },
      { from: 'dlx', to: 'tap', label: 'a copy' },
      { from: 'tap', to: 'monitor' },
      { from: 'worker', to: 'retry', metric: 'retried.rate', label: 'failed: retry later' },
      { from: 'retry', to: 'work-x', label: 'after the TTL (dead-lettered back)' },
      {
        from: 'worker',
        to: 'parking',
        metric: 'parked.rate',
        label: `after ${params.maxAttempts} attempts`,
      },
    ],
  };
}
