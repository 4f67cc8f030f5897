import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { Value } from '@sinclair/typebox/value';
import { WorkshopSchema } from '../src/routes/schemas.ts';
import type { WorkshopPosition, WorkshopState } from '../src/routes/schemas.ts';
import { WORKSHOPS_DIR } from '../src/routes/workshops.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

const TOKEN = 'workshop-test-token';
const json = (body: unknown, token?: string): RequestInit => ({
  headers: {
    'content-type': 'application/json',
    ...(token === undefined ? {} : { 'x-trainer-token': token }),
  },
  body: JSON.stringify(body),
});

describe('workshops API', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer({ TRAINER_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server.close();
  });
  const call = (method: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { method, ...init });

  it('ships plans that fit the schema file and name real scenarios', async () => {
    const schemaFile = JSON.parse(readFileSync(`${WORKSHOPS_DIR}workshop.schema.json`, 'utf8'));
    // The file people validate their own plans with is the schema the server uses.
    expect(schemaFile).toMatchObject(JSON.parse(JSON.stringify(WorkshopSchema)));
    const res = await call('GET', '/api/workshops');
    const plans = (await res.json()) as { id: string; steps: unknown[] }[];
    expect(plans.map((p) => p.id)).toEqual(['messaging-patterns', 'redis-basics']);
    const file = await call('GET', '/api/workshops/redis-basics');
    expect(file.headers.get('content-disposition')).toContain('redis-basics.json');
    const plan: unknown = await file.json();
    expect(Value.Check(WorkshopSchema, plan)).toBe(true);
    // Each shipped plan would be accepted as the room's live plan.
    for (const p of plans) {
      const started = await call('PUT', '/api/workshop', json({ plan: p }, TOKEN));
      expect(started.status).toBe(200);
    }
    expect((await call('GET', '/api/workshops/nope')).status).toBe(404);
  });

  it('starts a workshop only with the token, and refuses a plan naming a bad scenario or param', async () => {
    const plans = (await (await call('GET', '/api/workshops')).json()) as WorkshopState['plan'][];
    const plan = plans[1]!;
    expect((await call('PUT', '/api/workshop', json({ plan }))).status).toBe(401);
    const unknown = { ...plan, steps: [{ ...plan.steps[0]!, scenario: 'no-such' }] };
    const bad = await call('PUT', '/api/workshop', json({ plan: unknown }, TOKEN));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'plan.steps.0.scenario' });
    const outOfBounds = { ...plan, steps: [{ ...plan.steps[0]!, params: { ttlSec: 99999 } }] };
    const res = await call('PUT', '/api/workshop', json({ plan: outOfBounds }, TOKEN));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'plan.steps.0.params.ttlSec', bound: 3600 });

    const ok = await call('PUT', '/api/workshop', json({ plan }, TOKEN));
    const state = (await ok.json()) as WorkshopState;
    expect(state).toMatchObject({ live: true, position: { step: 0, scenario: 'cache-aside' } });
    const ended = await call('DELETE', '/api/workshop', { headers: { 'x-trainer-token': TOKEN } });
    expect(((await ended.json()) as WorkshopState).live).toBe(false);
  });

  it('relays the presenter position to followers, and only with the token', async () => {
    const plans = (await (await call('GET', '/api/workshops')).json()) as WorkshopState['plan'][];
    await call('PUT', '/api/workshop', json({ plan: plans[0] }, TOKEN));
    const connect = () => io(server.url, { transports: ['websocket'], reconnection: false });
    const presenter = connect();
    const follower = connect();
    try {
      const joined = (await follower.emitWithAck('workshop:join', {})) as WorkshopState;
      expect(joined.live).toBe(true);
      const seen: WorkshopPosition[] = [];
      follower.on('workshop:position', (p: WorkshopPosition) => seen.push(p));
      const position = { step: 1, scenario: 'fanout', section: 'What to watch' };
      expect(await presenter.emitWithAck('workshop:position', { position })).toMatchObject({
        ok: false,
      });
      expect(
        await presenter.emitWithAck('workshop:position', {
          token: TOKEN,
          position: { step: 9, scenario: 'x' },
        }),
      ).toMatchObject({ ok: false });
      expect(await presenter.emitWithAck('workshop:position', { token: TOKEN, position })).toEqual({
        ok: true,
      });
      await until(
        'the follower to get the position',
        () => seen,
        (s) => s.length > 0,
        2000,
      );
      expect(seen).toEqual([position]);
      // A late follower reads it from the state.
      const state = (await (await call('GET', '/api/workshop')).json()) as WorkshopState;
      expect(state.position).toEqual(position);
    } finally {
      presenter.disconnect();
      follower.disconnect();
      await call('DELETE', '/api/workshop', { headers: { 'x-trainer-token': TOKEN } });
    }
  });

  it('holds runs at once to the limits a trainer sets, and names the limit it hit', async () => {
    const limits = (body: unknown, token?: string) =>
      call('PUT', '/api/workshop/limits', json(body, token));
    expect((await limits({ perClient: 1, total: null })).status).toBe(401);
    expect((await limits({ perClient: 0, total: null }, TOKEN)).status).toBe(400);
    expect(await (await limits({ perClient: 1, total: 5 }, TOKEN)).json()).toEqual({
      perClient: 1,
      total: 5,
    });
    const start = () =>
      call('POST', '/api/runs', json({ scenario: 'rate-limiting', durationSec: 5 }, TOKEN));
    const first = await start();
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    try {
      const second = await start();
      expect(second.status).toBe(429);
      const body = (await second.json()) as { message: string; field: string; bound: number };
      expect(body).toMatchObject({ field: 'limits.perClient', bound: 1 });
      expect(body.message).toContain('per client');

      await limits({ perClient: null, total: 1 }, TOKEN);
      const third = await start();
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ field: 'limits.total', bound: 1 });
    } finally {
      await call('POST', `/api/runs/${id}/stop`, { headers: { 'x-trainer-token': TOKEN } });
    }
    await until(
      'the run to end',
      async () =>
        ((await (await call('GET', `/api/runs/${id}`)).json()) as { state: string }).state,
      (s) => s !== 'running',
      10_000,
    );
    // Once it has ended, the slot is free again.
    const again = await start();
    expect(again.status).toBe(201);
    const next = (await again.json()) as { id: string };
    await call('POST', `/api/runs/${next.id}/stop`, { headers: { 'x-trainer-token': TOKEN } });
    await limits({ perClient: null, total: null }, TOKEN);
  });
});
