import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../playground-server/src/config.ts';
import { PLAYGROUND_DIR } from './paths.ts';
import { isAlive } from './process.ts';
import { probeRabbitmq } from './probe.ts';
import { rabbitmqScript, startRabbitmq } from './rabbitmq.ts';
import { stopLaunched } from './stop.ts';
import { freePort } from './test-helpers.ts';

describe.skipIf(!rabbitmqScript('rabbitmq-server'))('a second local RabbitMQ node', () => {
  // .playground/ exists only once the launcher has started something; a clean clone lacks it.
  mkdirSync(PLAYGROUND_DIR, { recursive: true });
  const dir = mkdtempSync(join(PLAYGROUND_DIR, 'test-rabbitmq-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('boots as its own node, answers AMQP, stops, and leaves the configured one alone', async () => {
    const machine = loadConfig().amqpUrl;
    expect((await probeRabbitmq(machine, 2_000)).ok).toBe(true);
    // The Erlang distribution port is AMQP + 20000, so keep both inside the port range.
    let port = await freePort();
    while (port > 45_000) port = await freePort();

    const proc = await startRabbitmq({
      port,
      managementPort: await freePort(),
      dir,
      user: 'guest',
      password: 'guest',
      vhost: '/',
      readyTimeoutMs: 30_000,
    });
    const url = `amqp://guest:guest@127.0.0.1:${port}`;
    const answer = await probeRabbitmq(url, 2_000);
    expect(answer.ok && answer.version).toMatch(/^\d+\.\d+/);

    const outcome = await stopLaunched(proc, 30_000);
    expect(outcome).toEqual({ result: 'stopped', pid: proc.pid });
    expect(isAlive(proc.pid)).toBe(false);
    expect((await probeRabbitmq(url, 1_000)).ok).toBe(false);
    expect((await probeRabbitmq(machine, 2_000)).ok).toBe(true);
  }, 90_000);
});
