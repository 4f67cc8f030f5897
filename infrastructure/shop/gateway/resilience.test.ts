import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ResilienceMetrics,
  ResilientUpstream,
  UpstreamUnavailable,
  fullJitterDelay,
} from './resilience.ts';
import type { Attempt, ResilientUpstreamOptions } from './resilience.ts';

const live: ResilientUpstream<string>[] = [];

afterEach(() => {
  for (const upstream of live.splice(0)) upstream.shutdown();
});

function make(options: Partial<ResilientUpstreamOptions<string>> = {}): {
  upstream: ResilientUpstream<string>;
  registry: Registry;
  pauses: number[];
} {
  const registry = new Registry();
  const pauses: number[] = [];
  const upstream = new ResilientUpstream<string>({
    upstream: 'product-service',
    settings: { protection: true, timeoutMs: 30, retries: 2 },
    breaker: { resetTimeoutMs: 60, volumeThreshold: 4, rollingWindowMs: 1000 },
    fallback: async (key) => (key === 'p1' ? 'cached p1' : undefined),
    metrics: new ResilienceMetrics(registry),
    random: () => 0.5,
    sleep: async (ms) => {
      pauses.push(ms);
    },
    ...options,
  });
  live.push(upstream);
  return { upstream, registry, pauses };
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as { value: number; labels: Record<string, unknown> }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

const failing: Attempt<string> = async () => {
  throw new Error('503 from product-service');
};

/** Never answers: gives up only when the attempt's signal aborts. */
const hanging: Attempt<string> = ({ signal }) =>
  new Promise((_, reject) => {
    if (signal === undefined) return;
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

describe('fullJitterDelay', () => {
  it('draws uniformly below min(cap, base·2ⁿ)', () => {
    expect(fullJitterDelay(0, 50, 400, () => 0.999)).toBeCloseTo(49.95);
    expect(fullJitterDelay(2, 50, 400, () => 1)).toBe(200);
    expect(fullJitterDelay(5, 50, 400, () => 1)).toBe(400);
    expect(fullJitterDelay(3, 50, 400, () => 0)).toBe(0);
  });
});

describe('ResilientUpstream', () => {
  it('without protection makes one attempt, with no timeout, and passes the failure on', async () => {
    const { upstream, registry } = make({ settings: { protection: false } });
    const budgets: (number | undefined)[] = [];
    const ok = await upstream.call('p1', async ({ timeoutMs }) => {
      budgets.push(timeoutMs);
      return 'fresh';
    });
    expect(ok).toEqual({ value: 'fresh', source: 'upstream', attempts: 1 });
    expect(budgets).toEqual([undefined]);
    const error = await upstream.call('p1', failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailable);
    expect((error as UpstreamUnavailable).fallback).toBe('none');
    expect(await metric(registry, 'shop_gateway_upstream_attempts_total')).toBe(2);
    expect(await metric(registry, 'shop_gateway_fallbacks_total')).toBe(0);
    expect(await metric(registry, 'shop_gateway_protection')).toBe(0);
  });

  it('retries a failed attempt after full-jitter pauses, then answers from the fallback', async () => {
    const { upstream, registry, pauses } = make();
    const outcome = await upstream.call('p1', failing);
    expect(outcome).toEqual({ value: 'cached p1', source: 'fallback', attempts: 3 });
    // random() = 0.5: half of min(400, 50·2⁰) and of min(400, 50·2¹).
    expect(pauses).toEqual([25, 50]);
    expect(await metric(registry, 'shop_gateway_retries_total')).toBe(2);
    expect(await metric(registry, 'shop_gateway_fallbacks_total', { result: 'served' })).toBe(1);
  });

  it('gives each attempt its timeout through the signal', async () => {
    const { upstream } = make({ settings: { protection: true, timeoutMs: 20, retries: 0 } });
    const started = performance.now();
    const outcome = await upstream.call('p1', hanging);
    expect(outcome.source).toBe('fallback');
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('says miss when the fallback has nothing, and counts it', async () => {
    const { upstream, registry } = make({ settings: { protection: true, retries: 0 } });
    const error = await upstream.call('p9', failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailable);
    expect((error as UpstreamUnavailable).fallback).toBe('miss');
    expect(await metric(registry, 'shop_gateway_fallbacks_total', { result: 'miss' })).toBe(1);
  });

  it('a fallback that throws is a miss, not a crash', async () => {
    const { upstream } = make({
      settings: { protection: true, retries: 0 },
      fallback: async () => {
        throw new Error('redis down');
      },
    });
    await expect(upstream.call('p1', failing)).rejects.toBeInstanceOf(UpstreamUnavailable);
  });

  it('opens after enough failed attempts, refuses without calling, half-opens, closes on a success', async () => {
    const { upstream, registry } = make({ settings: { protection: true, retries: 0 } });
    let calls = 0;
    const counted: Attempt<string> = async (budget) => {
      calls += 1;
      return failing(budget);
    };
    for (let i = 0; i < 4; i += 1) await upstream.call('p1', counted);
    expect(upstream.state).toBe('open');
    expect(await metric(registry, 'shop_gateway_breaker_state')).toBe(2);
    // Open: the attempt is refused at once, never reaches the upstream, and is not retried.
    const refused = await upstream.call('p1', counted);
    expect(refused).toEqual({ value: 'cached p1', source: 'fallback', attempts: 0 });
    expect(calls).toBe(4);
    expect(await metric(registry, 'shop_gateway_breaker_events_total', { event: 'reject' })).toBe(
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(upstream.state).toBe('half-open');
    expect(await metric(registry, 'shop_gateway_breaker_state')).toBe(1);
    const trial = await upstream.call('p1', async () => 'fresh');
    expect(trial.source).toBe('upstream');
    expect(upstream.state).toBe('closed');
    const to = (state: string) =>
      metric(registry, 'shop_gateway_breaker_transitions_total', { to: state });
    expect([await to('open'), await to('half-open'), await to('closed')]).toEqual([1, 1, 1]);
    expect(await metric(registry, 'shop_gateway_upstream_attempts_total')).toBe(5);
  });

  it('a failed trial while half-open opens it again at once', async () => {
    const { upstream, registry } = make({ settings: { protection: true, retries: 0 } });
    for (let i = 0; i < 4; i += 1) await upstream.call('p1', failing);
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(upstream.state).toBe('half-open');
    await upstream.call('p1', failing);
    expect(upstream.state).toBe('open');
    expect(await metric(registry, 'shop_gateway_breaker_transitions_total', { to: 'open' })).toBe(
      2,
    );
  });

  it('takes live changes within bounds and refuses the rest', () => {
    const { upstream, registry } = make({ settings: { protection: false } });
    expect(upstream.update({ protection: true, retries: 3 })).toMatchObject({
      protection: true,
      retries: 3,
    });
    expect(() => upstream.update({ retries: 1.5 })).toThrow(/retries/);
    expect(() => upstream.update({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(upstream.settings.retries).toBe(3);
    return expect(metric(registry, 'shop_gateway_protection')).resolves.toBe(1);
  });
});
