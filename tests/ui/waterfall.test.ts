// The follow-one-request waterfall's layout: rows under their parents, bars to scale, and what a
// partial or malformed trace still shows.
import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../scenarios/src/sdk/traces.ts';

// Loaded by path, like controls.test.ts: the UI is type-checked under its own tsconfig.
const ui = '../../playground-ui/src/';
interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  offset: number;
  width: number;
  orphan: boolean;
}
const { layoutWaterfall, durationTicks, serviceColor, formatMs, sortServices, sortSystems } =
  (await import(`${ui}traces/waterfall.ts`)) as {
    layoutWaterfall(spans: readonly TraceSpan[]): {
      rows: WaterfallRow[];
      startMs: number;
      durationMs: number;
      services: string[];
    };
    durationTicks(durationMs: number, count: number): number[];
    serviceColor(service: string, services: readonly string[], colors: readonly string[]): string;
    formatMs(ms: number): string;
    sortServices(services: readonly string[]): string[];
    sortSystems(systems: readonly string[]): string[];
  };

const span = (spanId: string, parentSpanId: string | undefined, over: Partial<TraceSpan> = {}) =>
  ({
    traceId: 't',
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: spanId,
    service: 'gateway',
    kind: 'internal',
    startMs: 0,
    durationMs: 0,
    status: 'unset',
    attributes: {},
    ...over,
  }) satisfies TraceSpan;

const shape = (rows: WaterfallRow[]) => rows.map((r) => `${'  '.repeat(r.depth)}${r.span.spanId}`);

describe('waterfall layout', () => {
  it('puts each span under its parent, siblings in start order, bars to the trace’s scale', () => {
    // Given out of order, as spans arrive from several services.
    const layout = layoutWaterfall([
      span('analytics', 'kafka-send', {
        service: 'analytics-service',
        startMs: 1150,
        durationMs: 50,
      }),
      span('kafka-send', 'product', { service: 'product-service', startMs: 1040, durationMs: 5 }),
      span('notify', 'rabbit-publish', {
        service: 'notification-service',
        startMs: 1060,
        durationMs: 40,
      }),
      span('rabbit-publish', 'product', {
        service: 'product-service',
        startMs: 1030,
        durationMs: 5,
      }),
      span('product', 'gateway', { service: 'product-service', startMs: 1010, durationMs: 60 }),
      span('gateway', undefined, { startMs: 1000, durationMs: 100 }),
    ]);
    expect(shape(layout.rows)).toEqual([
      'gateway',
      '  product',
      '    rabbit-publish',
      '      notify',
      '    kafka-send',
      '      analytics',
    ]);
    expect(layout.startMs).toBe(1000);
    expect(layout.durationMs).toBe(200);
    const analytics = layout.rows.at(-1)!;
    expect(analytics.offset).toBeCloseTo(0.75);
    expect(analytics.width).toBeCloseTo(0.25);
    expect(layout.rows[0]!.offset).toBe(0);
    expect(layout.rows[0]!.width).toBeCloseTo(0.5);
    expect(layout.services).toEqual([
      'gateway',
      'product-service',
      'notification-service',
      'analytics-service',
    ]);
    expect(layout.rows.every((r) => !r.orphan)).toBe(true);
  });

  it('shows a span whose parent has not arrived at the top, marked, and survives a cycle', () => {
    const layout = layoutWaterfall([
      span('late', 'missing', { startMs: 5, durationMs: 5 }),
      span('root', undefined, { startMs: 0, durationMs: 10 }),
      span('x', 'y', { startMs: 2 }),
      span('y', 'x', { startMs: 3 }),
    ]);
    expect(shape(layout.rows)).toEqual(['root', 'late', 'x', '  y']);
    expect(layout.rows.find((r) => r.span.spanId === 'late')?.orphan).toBe(true);
    expect(layout.rows.find((r) => r.span.spanId === 'x')?.orphan).toBe(false);
  });

  it('draws a trace of zero length, and nothing for no spans', () => {
    const layout = layoutWaterfall([span('a', undefined, { startMs: 7 })]);
    expect(layout.durationMs).toBe(0);
    expect(layout.rows[0]).toMatchObject({ offset: 0, width: 1 });
    expect(layoutWaterfall([])).toEqual({ rows: [], startMs: 0, durationMs: 0, services: [] });
  });

  it('keeps a long chain of spans (no recursion to overflow)', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      span(`s${i}`, i === 0 ? undefined : `s${i - 1}`, { startMs: i }),
    );
    const rows = layoutWaterfall(chain).rows;
    expect(rows).toHaveLength(20_000);
    expect(rows.at(-1)!.depth).toBe(19_999);
  });
});

describe('waterfall scale and colours', () => {
  it('ticks at round steps from 0 across the trace', () => {
    expect(durationTicks(200, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(durationTicks(37, 5)).toEqual([0, 10, 20, 30]);
    expect(durationTicks(0.9, 4)).toEqual([0, 0.5]);
    expect(durationTicks(0, 5)).toEqual([0]);
  });

  it('gives the shop’s services fixed colours and any other the next free one', () => {
    const colors = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    expect(serviceColor('gateway', [], colors)).toBe('c0');
    expect(serviceColor('analytics-service', ['gateway'], colors)).toBe('c5');
    expect(serviceColor('nginx', ['gateway', 'legacy', 'nginx'], colors)).toBe('c7');
  });

  it('lists a request’s services and systems in one order, however its spans arrived', () => {
    expect(
      sortServices(['nginx', 'analytics-service', 'gateway', 'edge', 'product-service']),
    ).toEqual(['gateway', 'product-service', 'analytics-service', 'edge', 'nginx']);
    expect(sortSystems(['kafka', 'http', 'rabbitmq'])).toEqual(['http', 'rabbitmq', 'kafka']);
  });

  it('reads durations with sensible precision', () => {
    expect(formatMs(0.25)).toBe('250 µs');
    expect(formatMs(3.456)).toBe('3.46 ms');
    expect(formatMs(42.04)).toBe('42.0 ms');
    expect(formatMs(512.4)).toBe('512 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });
});
