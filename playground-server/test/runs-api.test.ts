import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

interface RunBody {
  id: string;
  state: string;
  params: Record<string, unknown>;
  summary: Record<string, number>;
  checks: { id: string; passed: boolean; detail: string }[];
  resources: { redisKeyPrefix: string };
  error?: string;
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('runs API', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the four headline scenarios, available, with params schema and metrics', async () => {
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
      id: string;
      available: boolean;
      params: { properties: Record<string, unknown> };
      metrics: unknown[];
    }[];
    expect(list.map((s) => s.id)).toEqual(
      expect.arrayContaining(['cache-aside', 'fanout', 'consumer-group-lag', 'rate-limiting']),
    );
    for (const s of list) {
      expect(s.available).toBe(true);
      expect(Object.keys(s.params.properties).length).toBeGreaterThan(0);
      expect(s.metrics.length).toBeGreaterThan(0);
    }
    const one = (await (await fetch(`${server.url}/api/scenarios/cache-aside`)).json()) as {
      lesson: string;
    };
    expect(one.lesson.length).toBeGreaterThan(200);
    expect((await fetch(`${server.url}/api/scenarios/nope`)).status).toBe(404);
  });

  it('answers bad input with a 4xx naming the field, the bound and the value', async () => {
    const unknown = await post(`${server.url}/api/runs`, { scenario: 'no-such-thing' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/cache-aside/);

    const tooBig = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { ttlSec: 10_000_000 },
    });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toMatchObject({
      field: 'params.ttlSec',
      value: 10_000_000,
      bound: expect.any(Number),
    });

    const wrongType = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { keys: 'many' },
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ field: 'params.keys', value: 'many' });

    const badEnum = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { distribution: 'normal' },
    });
    expect(badEnum.status).toBe(400);
    expect(((await badEnum.json()) as { message: string }).message).toMatch(
      /zipf.*uniform|uniform.*zipf/,
    );

    const unknownParam = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { colour: 'red' },
    });
    expect(unknownParam.status).toBe(400);
    expect(await unknownParam.json()).toMatchObject({
      field: 'params.colour',
      message: expect.stringMatching(/not a param/),
    });

    const duration = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      durationSec: 0,
    });
    expect(duration.status).toBe(400);
    expect(await duration.json()).toMatchObject({ field: 'durationSec', bound: 1, value: 0 });

    const extra = await post(`${server.url}/api/runs`, { scenario: 'cache-aside', speed: 'fast' });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ field: 'speed' });

    const huge = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { pad: 'x'.repeat(70 * 1024) },
    });
    expect(huge.status).toBe(413);

    const notJson = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);

    expect((await fetch(`${server.url}/api/runs/NOT-AN-ID`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/runs/abcdef1234`)).status).toBe(404);
  });

  it('starts, tunes, stops and reports a run; what it created is gone afterwards', async () => {
    const started = await post(`${server.url}/api/runs`, {
      scenario: 'cache-aside',
      params: { readsPerSec: 200, keys: 200 },
      durationSec: 60,
    });
    expect(started.status).toBe(201);
    const run = (await started.json()) as RunBody;
    expect(run.state).toBe('running');
    expect(run.resources.redisKeyPrefix).toBe(`pg:${run.id}:`);

    const redis = new Redis();
    try {
      await until(
        'keys in Redis',
        () => redis.keys(`${run.resources.redisKeyPrefix}*`),
        (k) => k.length > 0,
        5000,
      );

      const tuned = await fetch(`${server.url}/api/runs/${run.id}/params`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ readsPerSec: 400 }),
      });
      expect(tuned.status).toBe(200);
      expect(((await tuned.json()) as RunBody).params.readsPerSec).toBe(400);

      const notLive = await fetch(`${server.url}/api/runs/${run.id}/params`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ keys: 10 }),
      });
      expect(notLive.status).toBe(400);
      expect(await notLive.json()).toMatchObject({
        field: 'params.keys',
        message: expect.stringMatching(/cannot change/),
      });

      await new Promise((r) => setTimeout(r, 1500));
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `playground_run_value\\{run="${run.id}",scenario="cache-aside",key="requests"\\} [1-9]`,
        ),
      );
      expect(metrics).toMatch(/playground_runs_active 1/);
      const stopped = await post(`${server.url}/api/runs/${run.id}/stop`, {});
      expect(stopped.status).toBe(200);
      const final = (await stopped.json()) as RunBody;
      expect(final.state).toBe('stopped');
      expect(final.summary.requests).toBeGreaterThan(0);
      expect(final.checks.length).toBeGreaterThan(0);
      for (const check of final.checks) expect(check, check.detail).toMatchObject({ passed: true });

      expect(await redis.keys(`${run.resources.redisKeyPrefix}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }

    const frames = (await (await fetch(`${server.url}/api/runs/${run.id}/frames`)).json()) as {
      frames: { t: number; values: Record<string, number> }[];
    };
    expect(frames.frames.length).toBeGreaterThan(4);
    expect(frames.frames.at(-1)!.values).toHaveProperty('requests.rate');
    const csv = await fetch(`${server.url}/api/runs/${run.id}/frames?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^t,.*requests/);
    expect(lines).toHaveLength(frames.frames.length + 1);
    const events = (await (await fetch(`${server.url}/api/runs/${run.id}/events`)).json()) as {
      events: { message: string }[];
    };
    expect(events.events.some((e) => /readsPerSec=400/.test(e.message))).toBe(true);

    const list = (await (await fetch(`${server.url}/api/runs`)).json()) as RunBody[];
    expect(list[0]!.id).toBe(run.id);
    const patchEnded = await fetch(`${server.url}/api/runs/${run.id}/params`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ readsPerSec: 10 }),
    });
    expect(patchEnded.status).toBe(409);
  });
});

describe('limits and availability', () => {
  it('refuses a run beyond MAX_RUNS with 429 and the reason', async () => {
    const server = await startServer({ MAX_RUNS: '1' });
    try {
      const first = await post(`${server.url}/api/runs`, {
        scenario: 'rate-limiting',
        durationSec: 30,
      });
      expect(first.status).toBe(201);
      const second = await post(`${server.url}/api/runs`, {
        scenario: 'rate-limiting',
        durationSec: 30,
      });
      expect(second.status).toBe(429);
      expect(((await second.json()) as { message: string }).message).toMatch(/at most 1 run/);
      await post(`${server.url}/api/runs/${((await first.json()) as RunBody).id}/stop`, {});
    } finally {
      await server.close();
    }
  });

  it('answers 503 naming the missing broker, and lists the scenario as unavailable with the fix', async () => {
    const server = await startServer({ KAFKA_BROKERS: '127.0.0.1:9' });
    try {
      const res = await post(`${server.url}/api/runs`, { scenario: 'consumer-group-lag' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /kafka is not reachable at 127\.0\.0\.1:9.*npm run infra:up/,
      );
      const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
        id: string;
        available: boolean;
      }[];
      expect(list.find((s) => s.id === 'consumer-group-lag')!.available).toBe(false);
      expect(list.find((s) => s.id === 'cache-aside')!.available).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('needs the trainer token to start, tune and stop runs once one is set; viewing stays open', async () => {
    const server = await startServer({ TRAINER_TOKEN: 'let-me-in' });
    try {
      expect((await post(`${server.url}/api/runs`, { scenario: 'rate-limiting' })).status).toBe(
        401,
      );
      expect(
        (
          await post(
            `${server.url}/api/runs`,
            { scenario: 'rate-limiting' },
            { 'x-trainer-token': 'wrong' },
          )
        ).status,
      ).toBe(401);
      const ok = await post(
        `${server.url}/api/runs`,
        { scenario: 'rate-limiting', durationSec: 1 },
        { 'x-trainer-token': 'let-me-in' },
      );
      expect(ok.status).toBe(201);
      const { id } = (await ok.json()) as RunBody;
      expect((await fetch(`${server.url}/api/runs/${id}`)).status).toBe(200);
      expect((await post(`${server.url}/api/runs/${id}/stop`, {})).status).toBe(401);
      expect(
        (await post(`${server.url}/api/runs/${id}/stop`, {}, { authorization: 'Bearer let-me-in' }))
          .status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });
});
