// The server is built by a factory so tests can start as many as they like on port 0.
import { STATUS_CODES } from 'node:http';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { fileURLToPath } from 'node:url';
import type { PlaygroundConfig } from './config.ts';
import configPlugin from './plugins/config.ts';
import redisPlugin from './plugins/redis.ts';
import rabbitmqPlugin from './plugins/rabbitmq.ts';
import kafkaPlugin from './plugins/kafka.ts';
import healthRoutes from './routes/health.ts';
import scenarioRoutes from './routes/scenarios.ts';
import runRoutes from './routes/runs.ts';
import authPlugin from './plugins/auth.ts';
import runsPlugin from './plugins/runs.ts';
import realtimePlugin from './plugins/realtime.ts';
import prometheusPlugin from './plugins/prometheus.ts';
import telemetryPlugin from './plugins/telemetry.ts';
import staticUiPlugin from './plugins/static-ui.ts';
import { describeValidation } from './plugins/validation-errors.ts';

export interface BuildOptions {
  healthIntervalMs?: number;
  stateDir?: string;
  uiDir?: string;
  logger?: boolean;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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
          },
    bodyLimit: 64 * 1024,
    // Schema errors name every failing field, not just the first.
    ajv: {
      customOptions: {
        allErrors: true,
        removeAdditional: false,
        coerceTypes: 'array',
        verbose: true,
      },
    },
  });

  // Set before any plugin registers: child contexts take the handlers in force when they load.
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `no route for ${request.method} ${request.url}`,
    });
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const errors = describeValidation(error.validationContext, error.validation);
      const first = errors[0];
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: errors.map((e) => e.message).join('; '),
        ...first,
        errors,
      });
    }
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: status >= 500 ? 'internal error; see the server log' : error.message,
    });
  });
  await app.register(configPlugin, {
    config,
    healthIntervalMs: options.healthIntervalMs ?? 2000,
    stateDir: options.stateDir ?? `${repoRoot}.playground`,
    uiDir: options.uiDir ?? `${repoRoot}playground-ui/dist`,
  });
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
  await app.register(runsPlugin);
  await app.register(realtimePlugin);
  await app.register(prometheusPlugin);
  await app.register(telemetryPlugin);
  await app.register(healthRoutes);
  await app.register(scenarioRoutes);
  await app.register(runRoutes);
  await app.register(staticUiPlugin);

  return app;
}
