// The server's own Redis connection: health, and the start-up sweep. Runs get their own.
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { addressOf } from '../config.ts';
import { HealthMonitor, roundMs } from '../brokers/health.ts';

declare module 'fastify' {
  interface FastifyInstance {
    redis: { client: Redis; monitor: HealthMonitor };
  }
}

export default fp(
  async (app) => {
    const { config, healthIntervalMs } = app.playground;
    const client = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // Reconnect forever with backoff capped at 2 s, so a restarted Redis is found again.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      connectionName: 'playground-server',
    });
    let lastError: string | undefined;
    client.on('error', (error) => {
      lastError = error.message;
      app.log.debug({ err: error }, 'redis connection error');
    });
    let version: string | undefined;
    client.on('ready', () => {
      lastError = undefined;
      version = undefined;
    });

    const monitor = new HealthMonitor(
      'redis',
      addressOf(config.redisUrl),
      async () => {
        if (client.status === 'wait' || client.status === 'end') await client.connect();
        // While ioredis reconnects, say why it lost the connection, not that its queue is off.
        if (client.status !== 'ready')
          throw new Error(lastError ?? `not connected (${client.status})`);
        const start = performance.now();
        await client.ping();
        const latencyMs = roundMs(performance.now() - start);
        if (version === undefined) {
          const info = await client.info('server');
          version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
        }
        return { version, latencyMs };
      },
      healthIntervalMs,
      1500,
    );
    app.decorate('redis', { client, monitor });
    app.addHook('onReady', () => monitor.start());
    app.addHook('onClose', async () => {
      monitor.stop();
      client.disconnect();
    });
  },
  { name: 'redis', dependencies: ['playground-config'] },
);
