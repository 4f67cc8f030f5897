// Log shipping: when SHOP_LOG_TOPIC names a Kafka topic, the service sends one JSON record per
// request it answered (service, instance, route, status, duration, trace id) and one error log
// per request it answered with a 5xx, keyed by service, to that topic. What reads the topic sees
// the service's traffic without asking the service anything: an aggregator's view, to hold
// against the service's own /metrics.
import { context, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Producer } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ServiceApp } from './app.ts';
import { kafkaClient } from './kafka.ts';

export const LOG_TOPIC_ENV = 'SHOP_LOG_TOPIC';

export interface RequestRecord {
  kind: 'request';
  service: string;
  instance: string;
  method: string;
  /** Fastify's route pattern (`/products/:id`), as the request metrics label it. */
  route: string;
  status: number;
  /** Fastify's `reply.elapsedTime`: from the request's arrival to the response sent. */
  durationMs: number;
  traceId?: string;
  /** Epoch ms when the response was sent. */
  t: number;
}

export interface ErrorLogRecord {
  kind: 'log';
  level: 'error';
  service: string;
  instance: string;
  route: string;
  status: number;
  msg: string;
  traceId?: string;
  t: number;
}

export type ShippedRecord = RequestRecord | ErrorLogRecord;

/** Where batches go: Kafka in a service, an array in a test. Resolves once they are acknowledged. */
export type RecordSink = (records: ShippedRecord[]) => Promise<void>;

export interface LogShipperOptions {
  sink: RecordSink;
  flushMs?: number;
  /** Records held at most; beyond it the oldest are dropped (and counted). */
  maxQueued?: number;
  onError?(error: unknown): void;
}

const DEFAULT_FLUSH_MS = 50;
const DEFAULT_MAX_QUEUED = 20_000;
const MAX_BATCH = 500;
const RETRY_MS = 200;

/** Batches records and sends one batch at a time, in order; a failed batch is sent again. */
export class LogShipper {
  shipped = 0;
  dropped = 0;
  failedSends = 0;
  private queue: ShippedRecord[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly o: LogShipperOptions) {}

  /** Queued and not yet acknowledged. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  ship(record: ShippedRecord): void {
    if (this.closed) return;
    this.queue.push(record);
    const max = this.o.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (this.queue.length > max)
      this.dropped += this.queue.splice(0, this.queue.length - max).length;
    if (this.queue.length >= MAX_BATCH) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.o.flushMs ?? DEFAULT_FLUSH_MS);
  }

  /** Sends what is queued and resolves once it is acknowledged, or after `withinMs`. */
  async close(withinMs = 2000): Promise<void> {
    this.closed = true;
    const deadline = performance.now() + withinMs;
    while (this.pending > 0 && performance.now() < deadline) {
      this.kick();
      await Promise.race([
        this.sending,
        new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now()))),
      ]);
    }
    clearTimeout(this.timer);
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending !== undefined || this.queue.length === 0) return;
    this.sending = this.sendLoop().finally(() => {
      this.sending = undefined;
      if (this.queue.length > 0 && !this.closed) this.kick();
    });
  }

  private async sendLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight = batch.length;
      try {
        await this.o.sink(batch);
        this.shipped += batch.length;
      } catch (error) {
        this.failedSends++;
        this.o.onError?.(error);
        // Back to the front: the records keep their order, and are sent again.
        this.queue.unshift(...batch);
        this.inFlight = 0;
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      } finally {
        this.inFlight = 0;
      }
    }
  }
}

/** Each batch to `topic`, keyed by service, acknowledged by every in-sync replica. */
export function kafkaSink(producer: Producer, topic: string): RecordSink {
  return async (records) => {
    // The shipping itself is not part of any request's trace: without this, every batch would
    // be a trace of its own in the run's list.
    await context.with(suppressTracing(context.active()), () =>
      producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({ key: r.service, value: JSON.stringify(r) })),
      }),
    );
  };
}

export interface RequestShippingOptions {
  service: string;
  instance: string;
  shipper: LogShipper;
  /** Requests to leave out; default: what the request metrics leave out (/metrics, /health). */
  skip?(request: FastifyRequest): boolean;
}

const SKIPPED_ROUTES = new Set(['/metrics', '/health']);
const errorOf = new WeakMap<FastifyRequest, Error>();

/** The route label, as the request metrics (app.ts) write it. */
export const routeOf = (request: FastifyRequest): string =>
  request.routeOptions.url ?? '(unmatched)';

/** Hooks one record per answered request (and an error log per 5xx) into `app`. */
export function shipRequests(app: FastifyInstance, o: RequestShippingOptions): void {
  const skip = o.skip ?? ((request: FastifyRequest) => SKIPPED_ROUTES.has(routeOf(request)));
  app.addHook('onError', async (request, _reply, error) => {
    errorOf.set(request, error);
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (skip(request)) return;
    const t = Date.now();
    const route = routeOf(request);
    const status = reply.statusCode;
    const traceId = traceIdOf(request);
    const base = { service: o.service, instance: o.instance, route, status, t };
    o.shipper.ship({
      kind: 'request',
      ...base,
      method: request.method,
      durationMs: reply.elapsedTime,
      ...(traceId === undefined ? {} : { traceId }),
    });
    if (status >= 500) {
      const error = errorOf.get(request);
      o.shipper.ship({
        kind: 'log',
        level: 'error',
        ...base,
        msg: error?.message ?? `${request.method} ${route} answered ${status}`,
        ...(traceId === undefined ? {} : { traceId }),
      });
    }
  });
}

/** The request's trace: its server span's when tracing runs, else the caller's `traceparent`. */
function traceIdOf(request: FastifyRequest): string | undefined {
  const span = trace.getActiveSpan();
  const id = span?.spanContext().traceId;
  if (id !== undefined && /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id)) return id;
  const header = request.headers.traceparent;
  const match = typeof header === 'string' ? /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(header) : null;
  return match?.[1];
}

/**
 * Registers log shipping on the service when SHOP_LOG_TOPIC is set (a no-op otherwise), before
 * it listens; the producer flushes when the app closes. Metrics:
 * `shop_log_shipper_records_total{outcome="shipped|dropped"}` and `shop_log_shipper_pending`.
 */
export async function registerLogShipping(
  base: ServiceApp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LogShipper | undefined> {
  const topic = env[LOG_TOPIC_ENV];
  if (topic === undefined || topic === '') return undefined;
  const { app, config } = base;
  const producer = kafkaClient(config.kafkaBrokers, `${config.instance}-logs`).producer({
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const shipper = new LogShipper({
    sink: kafkaSink(producer, topic),
    onError: (error) => app.log.warn({ err: error }, 'log shipping: a batch failed; retrying'),
  });
  registerShipperMetrics(base.metrics.registry, shipper);
  shipRequests(app, { service: config.service, instance: config.instance, shipper });
  app.addHook('onClose', async () => {
    await shipper.close();
    await producer.disconnect().catch(() => undefined);
  });
  return shipper;
}

function registerShipperMetrics(registry: Registry, shipper: LogShipper): void {
  new Counter({
    name: 'shop_log_shipper_records_total',
    help: 'Log records Kafka acknowledged (shipped) or that were dropped from a full queue',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'shipped' }, shipper.shipped);
      this.inc({ outcome: 'dropped' }, shipper.dropped);
    },
  });
  new Gauge({
    name: 'shop_log_shipper_pending',
    help: 'Log records queued or in flight, not yet acknowledged by Kafka',
    registers: [registry],
    collect() {
      this.set(shipper.pending);
    },
  });
}
