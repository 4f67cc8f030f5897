import { describe, expect, it } from 'vitest';
import type { PromSample } from '../src/sdk/index.ts';
import {
  addBuckets,
  bucketsOf,
  histogramQuantile,
  quantileBucket,
  totalOf,
} from './prom-histogram.ts';
import { ServiceTallies } from './tally.ts';

const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '+Inf'];

/** A histogram as prom-client writes it, for `durationsMs` on one route. */
function samples(route: string, durationsMs: number[]): PromSample[] {
  return LE.map((le) => ({
    name: 'http_server_duration_seconds_bucket',
    labels: { route, le },
    value: durationsMs.filter((d) => d / 1000 <= (le === '+Inf' ? Infinity : Number(le))).length,
  }));
}

describe('a service histogram against the exact durations', () => {
  const fast = Array.from({ length: 90 }, (_, i) => 1 + (i % 4));
  const slow = Array.from({ length: 10 }, (_, i) => 30 + i * 10);
  const h = bucketsOf(
    [
      ...samples('/a', fast),
      ...samples('/b', slow),
      { name: 'other_bucket', labels: { le: '1' }, value: 5 },
    ],
    'http_server_duration_seconds',
  );

  it('sums the routes per bound', () => {
    expect(h.le).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, Infinity]);
    expect(totalOf(h)).toBe(100);
    expect(h.counts).toEqual([90, 90, 90, 93, 98, 100]);
  });

  it('puts each exact percentile in the bucket holding its rank', () => {
    const tallies = new ServiceTallies();
    for (const d of [...fast, ...slow]) {
      tallies.add(
        JSON.stringify({
          kind: 'request',
          service: 's',
          instance: 's-1',
          route: '/',
          status: 200,
          durationMs: d,
        }),
      );
    }
    const t = tallies.of('s');
    for (const q of [0.5, 0.9, 0.91, 0.95, 0.99]) {
      const v = t.quantile(q) ?? Number.NaN;
      const b = quantileBucket(h, q);
      expect(b, String(q)).toBeDefined();
      expect(v, String(q)).toBeGreaterThan(b?.lowerMs ?? Infinity);
      expect(v, String(q)).toBeLessThanOrEqual(b?.upperMs ?? -Infinity);
    }
    expect(quantileBucket(h, 0.99)).toEqual({ lowerMs: 100, upperMs: Infinity });
    expect(quantileBucket(h, 0.5)).toEqual({ lowerMs: 0, upperMs: 5 });
  });

  it('adds instances bucket by bucket, and interpolates as histogram_quantile does', () => {
    const both = addBuckets(h, h);
    expect(totalOf(both)).toBe(200);
    expect(both.counts[3]).toBe(186);
    // rank 50 of 90 in the first bucket (0, 5 ms].
    expect(histogramQuantile(h, 0.5)).toBeCloseTo((50 / 90) * 5, 6);
    expect(histogramQuantile(h, 0.995)).toBe(100);
    expect(histogramQuantile({ le: [], counts: [] }, 0.5)).toBeUndefined();
  });

  it('reads the shipper’s records and skips what is not one', () => {
    const tallies = new ServiceTallies();
    tallies.add('not json');
    tallies.add(
      JSON.stringify({ kind: 'log', level: 'error', service: 'g', instance: 'g-1', msg: 'x' }),
    );
    tallies.add(
      JSON.stringify({
        kind: 'request',
        service: 'g',
        instance: 'g-1',
        status: 502,
        durationMs: 3,
      }),
    );
    tallies.add(JSON.stringify({ kind: 'request', service: 'g', status: 200, durationMs: 3 }));
    expect(tallies.records).toBe(4);
    expect(tallies.unreadable).toBe(2);
    const g = tallies.of('g');
    expect([g.requests, g.errors, g.serverErrors]).toEqual([1, 1, 1]);
    expect(tallies.of('nobody').quantile(0.5)).toBeUndefined();
  });
});
