// Any scenario under a fault from the panel: the server keeps answering, the run ends completed,
// or failed with its reason, within its finish budget, and leaves nothing behind. One scenario per
// broker, each under the harshest fault for its clients: Redis black-holed, RabbitMQ's link
// taken down, Kafka's connections reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processProxies } from '../../infrastructure/faults/index.ts';
import type { FaultsView, RunResources } from '@playground/scenarios/sdk';
import { expectGoneFromBrokers } from '@playground/scenarios/testing';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

interface RunJson {
  id: string;
  state: string;
  error?: string;
  elapsedMs: number;
  resources: RunResources;
  markers: { kind: string; label: string }[];
}

const DURATION_SEC = 4;
// The load stops at DURATION_SEC; the scenario then has 8 s to finish; cleanup is quick.
const END_WITHIN_MS = (DURATION_SEC + 8 + 4) * 1000;

describe('every broker’s scenario under a fault from the panel', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const cases: { scenario: string; link: string; fault: (id: string) => Promise<number> }[] = [
    {
      scenario: 'rate-limiting',
      link: 'redis',
      fault: async (id) =>
        (
          await server.app.inject({
            method: 'POST',
            url: `/api/runs/${id}/faults/toxics`,
            payload: { link: 'redis', type: 'timeout', attributes: { timeout: 0 } },
          })
        ).statusCode,
    },
    {
      scenario: 'work-queue',
      link: 'rabbitmq',
      fault: async (id) =>
        (
          await server.app.inject({
            method: 'POST',
            url: `/api/runs/${id}/faults/links/rabbitmq`,
            payload: { enabled: false },
          })
        ).statusCode,
    },
    {
      scenario: 'consumer-group-lag',
      link: 'kafka',
      fault: async (id) =>
        (
          await server.app.inject({
            method: 'POST',
            url: `/api/runs/${id}/faults/toxics`,
            payload: { link: 'kafka', type: 'reset_peer', attributes: { timeout: 200 } },
          })
        ).statusCode,
    },
  ];

  for (const { scenario, link, fault } of cases) {
    it(`${scenario}: ${link} broken mid-run`, async () => {
      const started = await server.app.inject({
        method: 'POST',
        url: '/api/runs',
        payload: { scenario, durationSec: DURATION_SEC },
      });
      expect(started.statusCode, started.body).toBe(201);
      const { id } = started.json<{ id: string }>();
      const t0 = Date.now();
      await until(
        `${scenario}'s ${link} link under load`,
        async () =>
          (
            await server.app.inject({ method: 'GET', url: `/api/runs/${id}/faults` })
          ).json<FaultsView>(),
        (v) => v.links.some((l) => l.name === link),
        5_000,
      );
      await until(
        'a second of load',
        async () =>
          (await server.app.inject({ method: 'GET', url: `/api/runs/${id}` })).json<RunJson>(),
        (r) => r.elapsedMs > 1_000,
        5_000,
      );
      expect([200, 201]).toContain(await fault(id));

      // The server answers while the run suffers.
      const health = await server.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);

      const ended = await until(
        `${scenario} to end`,
        async () =>
          (await server.app.inject({ method: 'GET', url: `/api/runs/${id}` })).json<RunJson>(),
        (r) => r.state !== 'running',
        END_WITHIN_MS,
      );
      expect(Date.now() - t0).toBeLessThan(END_WITHIN_MS);
      expect(['completed', 'failed']).toContain(ended.state);
      if (ended.state === 'failed') expect(ended.error ?? '').not.toBe('');
      expect(ended.markers.some((m) => m.kind === 'fault')).toBe(true);
      expect(processProxies.list().filter((p) => p.name.startsWith(`${id}.`))).toEqual([]);
      await expectGoneFromBrokers(ended);
    }, 30_000);
  }
});
