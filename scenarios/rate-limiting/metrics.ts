import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { ALGORITHMS } from './lua/commands.ts';
import type { Algorithm } from './lua/commands.ts';

export const allowedKey = (a: Algorithm): string => `allowed.${a}`;
export const rejectedKey = (a: Algorithm): string => `rejected.${a}`;
export const maxInWindowKey = (a: Algorithm): string => `maxInAnyWindow.${a}`;
/** Allowed per second averaged over the last window (at least 1 s): a rate without the comb. */
export const allowedPerSecKey = (a: Algorithm): string => `allowedPerSec.${a}`;

export const rateLimitingCharts: ChartSpec[] = [
  {
    id: 'allowed',
    title: 'Allowed per second, by algorithm',
    unit: 'req/s',
    description:
      'Averaged over the last window (windowSec, at least 1 s). Every request is offered to all five limiters; on a steady overload each settles near clients × limit / windowSec. Token bucket and GCRA are one algorithm kept two ways: where their lines coincide the later is dashed.',
  },
  {
    id: 'allowedTotal',
    title: 'Allowed so far, by algorithm',
    unit: 'requests',
    show: 'total',
  },
  {
    id: 'rejected',
    title: 'Rejected per second, by algorithm',
    unit: 'req/s',
    show: 'rate',
  },
  {
    id: 'maxInWindow',
    title: 'Most allowed within any one window (worst client)',
    unit: 'requests',
    description:
      'The most requests a limiter let one client make inside any sliding window of windowSec; above `limit` means the limiter let a burst through.',
  },
];

const LABEL: Record<Algorithm, string> = {
  'fixed-window': 'Fixed window',
  'sliding-log': 'Sliding log',
  'sliding-window-counter': 'Sliding window counter',
  'token-bucket': 'Token bucket',
  gcra: 'GCRA',
};

// One spec per algorithm and kind, 20 in all and no placeholders, so the API names every key.
export const rateLimitingMetrics: MetricSpec[] = [
  ...ALGORITHMS.map((a): MetricSpec => ({
    key: allowedKey(a),
    label: LABEL[a],
    unit: 'requests',
    kind: 'counter',
    chart: 'allowedTotal',
    description: `Requests the ${a} limiter allowed.`,
  })),
  ...ALGORITHMS.map((a): MetricSpec => ({
    key: allowedPerSecKey(a),
    label: LABEL[a],
    unit: 'req/s',
    kind: 'gauge',
    chart: 'allowed',
    description: `Requests the ${a} limiter allowed in the last window, per second.`,
  })),
  ...ALGORITHMS.map((a): MetricSpec => ({
    key: rejectedKey(a),
    label: LABEL[a],
    unit: 'requests',
    kind: 'counter',
    chart: 'rejected',
    description: `Requests the ${a} limiter rejected.`,
  })),
  ...ALGORITHMS.map((a): MetricSpec => ({
    key: maxInWindowKey(a),
    label: LABEL[a],
    unit: 'requests',
    kind: 'gauge',
    chart: 'maxInWindow',
    description: `Most requests ${a} allowed one client within any window of windowSec, from the allowed timestamps.`,
  })),
];

export const algorithmLabel = (a: Algorithm): string => LABEL[a];
