// A server on a state directory the test owns, so a second server can open the first one's
// history; brokers can be pointed at closed ports to show what works without them.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export const UNREACHABLE_BROKERS = {
  REDIS_URL: 'redis://127.0.0.1:1',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
  KAFKA_BROKERS: '127.0.0.1:1',
};

export interface StateServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServerOn(
  stateDir: string,
  env: Record<string, string> = {},
): Promise<StateServer> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config, { healthIntervalMs: 500, stateDir, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await Promise.all([
    app.redis.monitor.check(),
    app.rabbitmq.monitor.check(),
    app.kafka.monitor.check(),
  ]);
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
