// The server is built by a factory so tests can start as many as they like on port 0.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import sensible from '@fastify/sensible';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { fileURLToPath } from 'node:url';
import { redactCredentials } from './config.ts';
import type { PlaygroundConfig } from './config.ts';
import configPlugin from './plugins/config.ts';
import errorsPlugin from './plugins/errors.ts';
import jsonBodyPlugin from './plugins/json-body.ts';
import hostCheckPlugin from './plugins/host-check.ts';
import queryStringsPlugin from './plugins/query-strings.ts';
import redisPlugin from './plugins/redis.ts';
import rabbitmqPlugin from './plugins/rabbitmq.ts';
import kafkaPlugin from './plugins/kafka.ts';
import healthRoutes from './routes/health.ts';
import scenarioRoutes from './routes/scenarios.ts';
import runRoutes from './routes/runs.ts';
import cleanupRoutes from './routes/cleanups.ts';
import faultRoutes from './routes/faults.ts';
import traceRoutes from './routes/traces.ts';
import endpointRoutes from './routes/endpoints.ts';
import toxiproxyRoutes from './routes/toxiproxy.ts';
import labRoutes from './routes/lab.ts';
import type { LabOptions } from './plugins/lab.ts';
import workshopRoutes from './routes/workshops.ts';
import pathRoutes from './routes/paths.ts';
import workshopPlugin from './plugins/workshop.ts';
import authPlugin from './plugins/auth.ts';
import runsPlugin from './plugins/runs.ts';
import runStorePlugin from './plugins/run-store.ts';
import shutdownConnectionsPlugin from './plugins/shutdown-connections.ts';
import realtimePlugin from './plugins/realtime.ts';
import prometheusPlugin from './plugins/prometheus.ts';
import telemetryRoutes from './plugins/telemetry.ts';
import staticUiPlugin from './plugins/static-ui.ts';

export interface BuildOptions {
  healthIntervalMs?: number;
  stateDir?: string;
  uiDir?: string;
  logger?: boolean;
  /** Tests swap in a fake comparison runner, store or targets. */
  lab?: Partial<LabOptions>;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Every log line passes through here: a broker URL quoted by a client library or an error keeps
// its host but loses its password.
const redactedStdout = {
  write(line: string): void {
    process.stdout.write(redactCredentials(line));
  },
};

export async function buildApp(
  config: PlaygroundConfig,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers["x-trainer-token"]'],
            stream: redactedStdout,
          },
    bodyLimit: 64 * 1024,
    ajv: {
      customOptions: {
        // Every failing field is named, not just the first.
        allErrors: true,
        removeAdditional: false,
        // JSON arrives typed: nothing is coerced (query strings: plugins/query-strings.ts).
        coerceTypes: false,
        verbose: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // First: child contexts take the error handlers, body parser and hooks in force when they load.
  await app.register(errorsPlugin);
  await app.register(shutdownConnectionsPlugin);
  await app.register(sensible);
  await app.register(jsonBodyPlugin);
  await app.register(queryStringsPlugin);
  await app.register(configPlugin, {
    config,
    healthIntervalMs: options.healthIntervalMs ?? 2000,
    stateDir: options.stateDir ?? `${repoRoot}.playground`,
    uiDir: options.uiDir ?? `${repoRoot}playground-ui/dist`,
  });
  await app.register(hostCheckPlugin);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Distributed-systems playground API',
        description:
          'Run scenarios against live Redis, RabbitMQ and Kafka and read what they measured.',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(redisPlugin);
  await app.register(rabbitmqPlugin);
  await app.register(kafkaPlugin);
  await app.register(authPlugin);
  await app.register(runStorePlugin);
  await app.register(runsPlugin);
  await app.register(realtimePlugin);
  // Before the routes: its room limits hook onto POST /api/runs.
  await app.register(workshopPlugin);
  await app.register(prometheusPlugin);
  for (const routes of [healthRoutes, scenarioRoutes, runRoutes, telemetryRoutes, cleanupRoutes])
    await app.register(routes, { prefix: '/api' });
  for (const routes of [workshopRoutes, pathRoutes, faultRoutes, traceRoutes, endpointRoutes]) {
    await app.register(routes, { prefix: '/api' });
  }
  // Toxiproxy's own API shape, so its clients work against the run's links.
  await app.register(toxiproxyRoutes, { prefix: '/api/toxiproxy' });
  await app.register(labRoutes, { prefix: '/api/lab', ...options.lab });
  await app.register(staticUiPlugin);

  return app;
}
