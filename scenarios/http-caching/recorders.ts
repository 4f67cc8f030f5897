import type { RunContext } from '../src/sdk/contract.ts';
import type { Counter, Gauge, Histogram } from '../src/sdk/recorders.ts';
import type { HttpCachingParams } from './params.ts';

export interface Recorders {
  requests: Counter;
  fromCache: Counter;
  revalidated: Counter;
  full: Counter;
  errors: Counter;
  originRequests: Counter;
  backgroundRevalidations: Counter;
  browserRequests: Counter;
  bytes: Counter;
  bytesFromCache: Counter;
  cacheRatio: Gauge;
  latencyCache: Histogram;
  latencyRevalidated: Histogram;
  latencyFull: Histogram;
  outdated: Counter;
  staleServed: Counter;
  outdatedMs: Histogram;
}

export function createRecorders(ctx: RunContext<HttpCachingParams>): Recorders {
  const m = ctx.metrics;
  return {
    requests: m.counter('requests'),
    fromCache: m.counter('fromCache'),
    revalidated: m.counter('revalidated'),
    full: m.counter('full'),
    errors: m.counter('errors'),
    originRequests: m.counter('originRequests'),
    backgroundRevalidations: m.counter('backgroundRevalidations'),
    browserRequests: m.counter('browserRequests'),
    bytes: m.counter('bytes'),
    bytesFromCache: m.counter('bytesFromCache'),
    cacheRatio: m.gauge('cacheRatio'),
    latencyCache: m.histogram('latency.cache'),
    latencyRevalidated: m.histogram('latency.revalidated'),
    latencyFull: m.histogram('latency.full'),
    outdated: m.counter('outdated'),
    staleServed: m.counter('staleServed'),
    outdatedMs: m.histogram('outdatedMs'),
  };
}
