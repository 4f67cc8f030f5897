// The app factory every service starts from: Fastify with /health, /metrics and /_control, the
// request metrics, live chaos on business routes, the span named after its route, and a
// graceful SIGTERM (health 503, deregister, stop consumers, close, flush spans, exit).
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { context, trace } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import type { CommonConfig } from './config.ts';
import { ControlState } from './control.ts';
import { ServiceMetrics } from './metrics.ts';
import { shutdownTelemetry } from './telemetry.ts';

/** Routes that are not the service's business: no chaos, no request metrics. */
const OPERATIONS = new Set(['/health', '/metrics', '/_control']);
const STOP_GRACE_MS = 4_000;

export interface ServiceApp {
  readonly config: CommonConfig;
  readonly app: FastifyInstance;
  readonly metrics: ServiceMetrics;
  readonly control: ControlState;
  /** On SIGTERM, before Fastify closes (deregister, stop consuming), newest first. */
  onStop(step: () => Promise<unknown> | void): void;
  /** On SIGTERM, after Fastify has closed (connections), newest first. */
  onClose(step: () => Promise<unknown> | void): void;
  /** Listens on its port; resolves with its URL. /health says 503 until `markReady`. */
  listen(): Promise<string>;
  markReady(): void;
  readonly stopping: boolean;
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? '(unmatched)';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createServiceApp(config: CommonConfig): ServiceApp {
  const app = Fastify({ logger: { level: 'warn' }, forceCloseConnections: true });
  const metrics = new ServiceMetrics({ service: config.service, instance: config.instance });
  const control = new ControlState();
  const stopSteps: (() => Promise<unknown> | void)[] = [];
  const closeSteps: (() => Promise<unknown> | void)[] = [];
  const started = Date.now();
  let ready = false;
  let stopping = false;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-served-by', config.instance);
    const route = routeOf(request);
    // Names the HTTP server span "GET /products/:id" rather than "GET".
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP) rpc.route = route;
    trace.getActiveSpan()?.updateName(`${request.method} ${route}`);
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (OPERATIONS.has(routeOf(request))) return;
    const delayMs = control.number('delayMs');
    if (delayMs > 0) await sleep(delayMs);
    const failRate = control.number('failRate');
    if (failRate > 0 && Math.random() < failRate) {
      await reply.code(control.number('failStatus') || 503).send({ error: 'injected' });
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    if (route === '/health' || route === '/metrics') return;
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    metrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.get('/health', async (_request, reply) => {
    if (!ready || stopping)
      return reply.code(503).send({ status: stopping ? 'stopping' : 'starting' });
    return { service: config.service, instance: config.instance, uptimeMs: Date.now() - started };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/_control', async () => control.snapshot());
  app.post('/_control', async (request, reply) => {
    try {
      return control.apply(request.body ?? {});
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), STOP_GRACE_MS);
    force.unref();
    const runSteps = async (steps: (() => Promise<unknown> | void)[]): Promise<void> => {
      for (const step of [...steps].reverse()) {
        await Promise.resolve()
          .then(step)
          .catch((error: Error) => app.log.warn(`stop step failed: ${error.message}`));
      }
    };
    await runSteps(stopSteps);
    await app.close().catch(() => undefined);
    await runSteps(closeSteps);
    await shutdownTelemetry();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());

  return {
    config,
    app,
    metrics,
    control,
    onStop: (step) => stopSteps.push(step),
    onClose: (step) => closeSteps.push(step),
    async listen() {
      await app.listen({ host: '127.0.0.1', port: config.port });
      const address = app.server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.port}`;
    },
    markReady() {
      ready = true;
    },
    get stopping() {
      return stopping;
    },
  };
}
