// Puts the resilience layer (resilience.ts) between the gateway's routes and product-service,
// and adds what makes its effect visible: a worker pool that one slow upstream can fill
// (worker-pool.ts), and headers on every /api answer telling the client the breaker's state.
//
// Env: SHOP_GATEWAY_PROTECTION off|on (default off); SHOP_GATEWAY_TIMEOUT_MS (per attempt, 250);
// SHOP_GATEWAY_RETRIES (2); SHOP_GATEWAY_BREAKER_RESET_MS (2000), _VOLUME (10), _ERROR_PCT (50),
// _WINDOW_MS (3000); SHOP_GATEWAY_WORKERS (0: no pool) and SHOP_GATEWAY_QUEUE_TIMEOUT_MS (2000).
// Live through /_control: `protection` ('off'|'on'), `attemptTimeoutMs`, `retries`.
// Answer headers (/api only): `x-breaker-state` closed|half-open|open when the answer was sent,
// `x-breaker-seq` the gateway's answer number (so clients can order the states), `x-fallback:
// cache` when a product in the answer came from the Redis cache instead of product-service.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { integer, oneOf } from '../lib/config.ts';
import type { ControlField, ControlValue } from '../lib/control.ts';
import { numberField } from '../lib/control.ts';
import type { CallResult } from '../lib/service-client.ts';
import type { Service } from '../lib/service.ts';
import { ResilienceMetrics, ResilientUpstream, UpstreamUnavailable } from './resilience.ts';
import type { Attempt } from './resilience.ts';
import { BadGateway } from './upstream.ts';
import type { Caller } from './upstream.ts';
import { WorkerPool } from './worker-pool.ts';

const PROTECTED = 'product-service';
const PRODUCT_PATH = /^\/products\/([^/?]+)$/;
/** The "instance" a fallback answer names (the route puts it in `x-upstream-instance`). */
export const FALLBACK_INSTANCE = 'redis-cache';

type Answer = CallResult<unknown>;

/** Wraps the gateway's caller: GET /products/:id goes through the resilience layer. */
export function withProtection(service: Service, call: Caller): Caller {
  const upstream = new ResilientUpstream<Answer>({
    upstream: PROTECTED,
    settings: {
      protection: oneOf('SHOP_GATEWAY_PROTECTION', ['off', 'on'], 'off') === 'on',
      timeoutMs: integer('SHOP_GATEWAY_TIMEOUT_MS', 250, { min: 1, max: 60_000 }),
      retries: integer('SHOP_GATEWAY_RETRIES', 2, { min: 0, max: 10 }),
    },
    breaker: {
      resetTimeoutMs: integer('SHOP_GATEWAY_BREAKER_RESET_MS', 2000, { min: 10, max: 600_000 }),
      volumeThreshold: integer('SHOP_GATEWAY_BREAKER_VOLUME', 10, { min: 0, max: 10_000 }),
      errorThresholdPercentage: integer('SHOP_GATEWAY_BREAKER_ERROR_PCT', 50, { min: 1, max: 100 }),
      rollingWindowMs: integer('SHOP_GATEWAY_BREAKER_WINDOW_MS', 3000, { min: 100, max: 600_000 }),
    },
    fallback: (id) => cachedProduct(service, id),
    metrics: new ResilienceMetrics(service.metrics.registry),
  });
  service.onClose(() => upstream.shutdown());
  liveSettings(service, upstream);
  installWorkerPool(service);
  stampAnswers(service, upstream);

  return async <T>(
    callee: string,
    path: string,
    userId: string,
    options: Parameters<Caller>[3] = {},
  ): Promise<CallResult<T>> => {
    const match =
      callee === PROTECTED && (options.method ?? 'GET') === 'GET' ? PRODUCT_PATH.exec(path) : null;
    if (match === null) return call<T>(callee, path, userId, options);
    const attempt: Attempt<Answer> = ({ timeoutMs, signal }) => {
      if (timeoutMs === undefined) return call<unknown>(callee, path, userId, options);
      // undici's headers timeout closes the connection, but its timers tick every ~500 ms, so
      // a 250 ms timeout fires after 500–1000; the signal (a plain timer) ends the attempt on time.
      return abortable(call<unknown>(callee, path, userId, { ...options, timeoutMs }), signal);
    };
    try {
      const outcome = await upstream.call(decodeURIComponent(match[1] ?? ''), attempt);
      return outcome.value as CallResult<T>;
    } catch (error) {
      if (!(error instanceof UpstreamUnavailable)) throw error;
      // Unprotected: the call's own failure, answered as before (502).
      if (error.fallback === 'none') throw error.cause;
      throw new BadGateway(PROTECTED, error.message);
    }
  };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BadGateway(PROTECTED, `${PROTECTED}: no answer in time`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function cachedProduct(service: Service, id: string): Promise<Answer | undefined> {
  const raw = await service.redis.get(`${service.config.keyPrefix}product:${id}`);
  if (raw === null) return undefined;
  const product = JSON.parse(raw) as Record<string, unknown>;
  return {
    status: 200,
    body: { ...product, source: 'fallback' },
    instance: FALLBACK_INSTANCE,
    headers: {},
  };
}

const integerField = (min: number, max: number): ControlField => ({
  parse(value) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`must be an integer in [${min}, ${max}]`);
    }
    return value;
  },
});

const switchField: ControlField = {
  parse(value) {
    if (value !== 'on' && value !== 'off') throw new Error("must be 'on' or 'off'");
    return value;
  },
};

function liveSettings(service: Service, upstream: ResilientUpstream<Answer>): void {
  const now = upstream.settings;
  service.control.define('protection', switchField, now.protection ? 'on' : 'off');
  service.control.define('attemptTimeoutMs', numberField(1, 60_000), now.timeoutMs);
  service.control.define('retries', integerField(0, 10), now.retries);
  service.control.onChange((values: Readonly<Record<string, ControlValue>>) => {
    upstream.update({
      protection: values.protection === 'on',
      timeoutMs: Number(values.attemptTimeoutMs),
      retries: Number(values.retries),
    });
  });
}

const isApi = (request: FastifyRequest): boolean => request.url.startsWith('/api/');

function installWorkerPool(service: Service): void {
  const size = integer('SHOP_GATEWAY_WORKERS', 0, { min: 0, max: 100_000 });
  if (size === 0) return;
  const pool = new WorkerPool(
    size,
    integer('SHOP_GATEWAY_QUEUE_TIMEOUT_MS', 2000, { min: 0, max: 600_000 }),
  );
  const registers = [service.metrics.registry];
  new Gauge({
    name: 'shop_gateway_pool_busy',
    help: 'Requests the gateway is working on (at most SHOP_GATEWAY_WORKERS)',
    registers,
    collect() {
      this.set(pool.inFlight);
    },
  });
  new Gauge({
    name: 'shop_gateway_pool_queued',
    help: 'Requests waiting for a free worker',
    registers,
    collect() {
      this.set(pool.queued);
    },
  });
  const turnedAway = new Counter({
    name: 'shop_gateway_pool_rejected_total',
    help: 'Requests answered 503 after waiting SHOP_GATEWAY_QUEUE_TIMEOUT_MS for a worker',
    registers,
  });
  service.app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isApi(request)) return;
    const release = await pool.acquire();
    if (release === undefined) {
      turnedAway.inc();
      return reply.code(503).send({ error: 'overloaded' });
    }
    // 'close' comes once the answer is written or the connection is gone, whichever first.
    reply.raw.once('close', release);
  });
}

function stampAnswers(service: Service, upstream: ResilientUpstream<Answer>): void {
  let seq = 0;
  service.app.addHook(
    'onSend',
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!isApi(request)) return payload;
      seq += 1;
      reply.header('x-breaker-state', upstream.state);
      reply.header('x-breaker-seq', String(seq));
      const answered = reply.getHeader('x-upstream-instance');
      if (typeof answered === 'string' && answered.split(',').includes(FALLBACK_INSTANCE)) {
        reply.header('x-fallback', 'cache');
      }
      return payload;
    },
  );
}
