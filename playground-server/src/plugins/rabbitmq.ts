// The server's own AMQP connection, reconnected with backoff when the broker goes away.
import fp from 'fastify-plugin';
import amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { addressOf } from '../config.ts';
import { HealthMonitor, roundMs } from '../brokers/health.ts';

declare module 'fastify' {
  interface FastifyInstance {
    rabbitmq: { connection(): Promise<ChannelModel>; monitor: HealthMonitor };
  }
}

export default fp(
  async (app) => {
    const { config, healthIntervalMs } = app.playground;
    let connecting: Promise<ChannelModel> | undefined;
    let failures = 0;
    let nextAttemptAt = 0;

    const connection = (): Promise<ChannelModel> => {
      if (connecting === undefined) {
        if (Date.now() < nextAttemptAt) {
          return Promise.reject(
            new Error(`reconnecting (next attempt in ${nextAttemptAt - Date.now()} ms)`),
          );
        }
        connecting = amqp
          .connect(config.amqpUrl, {
            timeout: 2000,
            clientProperties: { connection_name: 'playground-server' },
          })
          .then((conn) => {
            failures = 0;
            conn.on('error', (error: Error) =>
              app.log.debug({ err: error }, 'amqp connection error'),
            );
            conn.on('close', () => {
              connecting = undefined;
            });
            return conn;
          })
          .catch((error: unknown) => {
            connecting = undefined;
            failures++;
            nextAttemptAt = Date.now() + Math.min(250 * 2 ** failures, 2000);
            throw error;
          });
      }
      return connecting;
    };

    const monitor = new HealthMonitor(
      'rabbitmq',
      addressOf(config.amqpUrl),
      async () => {
        const conn = await connection();
        const start = performance.now();
        const channel = await conn.createChannel();
        await channel.checkExchange('amq.fanout');
        const latencyMs = roundMs(performance.now() - start);
        await channel.close();
        const props = (conn.connection as unknown as { serverProperties?: { version?: string } })
          .serverProperties;
        return { version: props?.version ?? 'unknown', latencyMs };
      },
      healthIntervalMs,
      2500,
    );
    app.decorate('rabbitmq', { connection, monitor });
    app.addHook('onReady', () => monitor.start());
    app.addHook('onClose', async () => {
      monitor.stop();
      const conn = await connecting?.catch(() => undefined);
      await conn?.close().catch(() => undefined);
    });
  },
  { name: 'rabbitmq', dependencies: ['playground-config'] },
);
