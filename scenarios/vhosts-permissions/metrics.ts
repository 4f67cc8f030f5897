import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { OPERATIONS } from './tenants.ts';

export const vhostsPermissionsCharts: ChartSpec[] = [
  {
    id: 'outcomes',
    title: 'Attempts allowed and refused by the broker',
    unit: 'ops/s',
    show: 'rate',
  },
  {
    id: 'refusals',
    title: 'Refusals by operation',
    unit: 'ops',
    show: 'total',
    description: 'connect is NOT_ALLOWED (no rights in the vhost); the rest ACCESS_REFUSED (403).',
  },
  {
    id: 'surprises',
    title: 'Answers the listed permissions did not predict, and other errors',
    unit: 'ops',
    show: 'total',
  },
];

export const vhostsPermissionsMetrics: MetricSpec[] = [
  { key: 'allowed', label: 'Allowed', unit: 'ops', kind: 'counter', chart: 'outcomes' },
  { key: 'refused', label: 'Refused', unit: 'ops', kind: 'counter', chart: 'outcomes' },
  ...OPERATIONS.map((op): MetricSpec => ({
    key: `refused.${op}`,
    label: op,
    unit: 'ops',
    kind: 'counter',
    chart: 'refusals',
  })),
  {
    key: 'unexpected',
    label: 'Not as predicted',
    unit: 'ops',
    kind: 'counter',
    chart: 'surprises',
    description: 'Allowed where the permissions say refused, or the other way round.',
  },
  {
    key: 'errors',
    label: 'Other errors',
    unit: 'ops',
    kind: 'counter',
    chart: 'surprises',
    description: 'Failures that were not a refusal (a timeout, a closed connection).',
  },
];
