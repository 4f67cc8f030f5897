import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { SERVICES } from './records.ts';

export const errorsKey = (service: string): string => `errors.${service}`;

export const logAggregationCharts: ChartSpec[] = [
  {
    id: 'events',
    title: 'Log lines and metric samples written, by level',
    unit: 'events/s',
    show: 'rate',
  },
  {
    id: 'errors',
    title: 'Error lines per window, by service (the aggregator’s last closed window)',
    unit: 'errors',
  },
  {
    id: 'windows',
    title: 'Windows closed, late events and corrections',
    unit: 'count',
    show: 'total',
    description:
      'A late event belongs to a window the aggregator already closed: it either corrects the window (update) or is dropped.',
  },
  {
    id: 'watermark',
    title: 'How far the watermark trails the wall clock',
    unit: 'ms',
    description:
      'Grace plus how recent the newest event is: a window closes this long after it ends.',
  },
];

export const logAggregationMetrics: MetricSpec[] = [
  {
    key: 'events',
    label: 'All events',
    unit: 'events',
    kind: 'counter',
    chart: 'events',
    description: 'Log lines and metric samples Kafka acknowledged to the services.',
  },
  ...(['info', 'warn', 'error'] as const).map((level): MetricSpec => ({
    key: `level.${level}`,
    label: level,
    unit: 'lines',
    kind: 'counter',
    chart: 'events',
  })),
  ...SERVICES.map((service): MetricSpec => ({
    key: errorsKey(service),
    label: service,
    unit: 'errors',
    kind: 'gauge',
    chart: 'errors',
  })),
  {
    key: 'windows',
    label: 'Windows closed',
    unit: 'windows',
    kind: 'counter',
    chart: 'windows',
    description: 'Tumbling windows the watermark passed; each emits one result per service.',
  },
  {
    key: 'late',
    label: 'Late events',
    unit: 'events',
    kind: 'counter',
    chart: 'windows',
    description: 'Events that arrived after their window had closed.',
  },
  {
    key: 'corrections',
    label: 'Corrections emitted',
    unit: 'results',
    kind: 'counter',
    chart: 'windows',
  },
  {
    key: 'dropped',
    label: 'Late events dropped',
    unit: 'events',
    kind: 'counter',
    chart: 'windows',
  },
  {
    key: 'held',
    label: 'Held back by the services',
    unit: 'events',
    kind: 'gauge',
    chart: 'windows',
    description: 'Events the services hold back, to be sent late.',
  },
  {
    key: 'watermarkLagMs',
    label: 'Now − watermark',
    unit: 'ms',
    kind: 'gauge',
    chart: 'watermark',
  },
];
