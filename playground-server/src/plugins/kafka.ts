// The server's kafkajs admin client, connected on first use and again after a failure; the
// version comes from the broker's own ApiVersions answer (kafkajs has no call for it).
import fp from 'fastify-plugin';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { HealthMonitor, roundMs } from '../brokers/health.ts';
import { probeKafkaVersion } from '../brokers/kafka-version.ts';

declare module 'fastify' {
  interface FastifyInstance {
    kafka: { admin(): Promise<Admin>; monitor: HealthMonitor };
  }
}

export default fp(
  async (app) => {
    const { config, healthIntervalMs } = app.playground;
    const kafka = new Kafka({
      clientId: 'playground-server',
      brokers: config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2000,
      requestTimeout: 5000,
      retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    let connected: Promise<Admin> | undefined;
    const admin = (): Promise<Admin> => {
      connected ??= (async () => {
        const client = kafka.admin();
        try {
          await client.connect();
          return client;
        } catch (error) {
          connected = undefined;
          await client.disconnect().catch(() => undefined);
          throw error;
        }
      })();
      return connected;
    };
    const bootstrap = config.kafkaBrokers[0] ?? '127.0.0.1:9092';

    const monitor = new HealthMonitor(
      'kafka',
      config.kafkaBrokers.join(','),
      async () => {
        const { version, metadataVersion } = await probeKafkaVersion(bootstrap, 2000);
        const client = await admin();
        const start = performance.now();
        try {
          await client.describeCluster();
        } catch (error) {
          // Drop the admin so the next probe reconnects from scratch.
          connected = undefined;
          await client.disconnect().catch(() => undefined);
          throw error;
        }
        return {
          version: `${version} (metadata.version ${metadataVersion})`,
          latencyMs: roundMs(performance.now() - start),
        };
      },
      healthIntervalMs,
      3000,
    );
    app.decorate('kafka', { admin, monitor });
    app.addHook('onReady', () => monitor.start());
    app.addHook('onClose', async () => {
      monitor.stop();
      const client = await connected?.catch(() => undefined);
      await client?.disconnect().catch(() => undefined);
    });
  },
  { name: 'kafka', dependencies: ['playground-config'] },
);
