// What an export says about where its run ran: versions only, never addresses.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { RunEnvironment } from '../routes/schemas.ts';

const playgroundVersion = ((): string => {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** The health monitors' last word on each broker's version (null: not reachable). */
export function runEnvironment(app: FastifyInstance): RunEnvironment {
  return {
    playground: playgroundVersion,
    node: process.version,
    brokers: {
      redis: app.redis.monitor.health.version,
      rabbitmq: app.rabbitmq.monitor.health.version,
      kafka: app.kafka.monitor.health.version,
    },
  };
}
