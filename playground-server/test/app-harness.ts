// Starts a real server on a free port for a test, with its own state directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export interface Harness {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  env: Record<string, string> = {},
  healthIntervalMs = 500,
): Promise<Harness> {
  const stateDir = mkdtempSync(join(tmpdir(), 'playground-test-'));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config, { healthIntervalMs, stateDir, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await Promise.all([
    app.redis.monitor.check(),
    app.rabbitmq.monitor.check(),
    app.kafka.monitor.check(),
  ]);
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
