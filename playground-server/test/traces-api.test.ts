// The follow-one-request API: a run's traces listed (newest first, limited, filtered by the
// systems they cross) and read one by one, clear 404s and 400s, and still readable after the
// run ends. The routes are what is under test here: the run's traces are a fixed set standing
// in for the engine's OTLP receiver (which has tests of its own, and the browser test follows a
// real api-gateway trace end to end).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceSpan } from '@playground/scenarios/sdk';
import { TraceStore } from '../../scenarios/src/engine/traces/index.ts';
import type { RunExport } from '../src/routes/schemas.ts';
import type { TraceDetail, TraceList } from '../../scenarios/src/sdk/trace-schemas.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

const ORDER = 'a'.repeat(31) + '1';
const VIEW = 'b'.repeat(31) + '2';

const span = (
  traceId: string,
  spanId: string,
  parentSpanId: string | undefined,
  over: Partial<TraceSpan>,
): TraceSpan => ({
  traceId,
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name: spanId,
  service: 'gateway',
  kind: 'internal',
  startMs: 0,
  durationMs: 1,
  status: 'unset',
  attributes: {},
  ...over,
});

// An order crossing HTTP, RabbitMQ and Kafka, then a newer product view crossing HTTP and Redis.
const SPANS: Record<string, TraceSpan[]> = {
  [ORDER]: [
    span(ORDER, 'g1', undefined, {
      name: 'POST /api/orders',
      kind: 'server',
      system: 'http',
      startMs: 100,
      durationMs: 30,
      attributes: { 'http.route': '/api/orders', 'http.response.status_code': 201 },
    }),
    span(ORDER, 'p1', 'g1', {
      name: 'POST /orders',
      service: 'product-service',
      instance: 'product-service-1',
      kind: 'server',
      system: 'http',
      startMs: 105,
      durationMs: 20,
    }),
    span(ORDER, 'p2', 'p1', {
      name: 'notifications publish',
      service: 'product-service',
      kind: 'producer',
      system: 'rabbitmq',
      startMs: 110,
    }),
    span(ORDER, 'n1', 'p2', {
      name: 'notifications process',
      service: 'notification-service',
      kind: 'consumer',
      system: 'rabbitmq',
      startMs: 115,
      durationMs: 5,
    }),
    span(ORDER, 'p3', 'p1', {
      name: 'activity send',
      service: 'product-service',
      kind: 'producer',
      system: 'kafka',
      startMs: 112,
    }),
    span(ORDER, 'a1', 'p3', {
      name: 'activity process',
      service: 'analytics-service',
      kind: 'consumer',
      system: 'kafka',
      startMs: 140,
      status: 'error',
    }),
  ],
  [VIEW]: [
    span(VIEW, 'g2', undefined, {
      name: 'GET /api/products/:id',
      kind: 'server',
      system: 'http',
      startMs: 200,
      durationMs: 8,
    }),
    span(VIEW, 'r1', 'g2', {
      name: 'get',
      service: 'product-service',
      kind: 'client',
      system: 'redis',
      startMs: 202,
    }),
  ],
};

// The engine's own store, as the run's OTLP receiver fills it.
function storeOf(traces: TraceSpan[][]): TraceStore {
  const store = new TraceStore();
  for (const spans of traces) store.add(spans);
  return store;
}

describe('traces API', () => {
  let server: Harness;
  let id: string;
  beforeAll(async () => {
    server = await startServer();
    // A short run of a scenario with no shop, given the fixed traces once it is in memory.
    const started = await server.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { scenario: 'rate-limiting', durationSec: 2 },
    });
    expect(started.statusCode, started.body).toBe(201);
    id = started.json<{ id: string }>().id;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('answers an empty list for a run whose services export nothing', async () => {
    const empty = await get(`/api/runs/${id}/traces`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual({ traces: [], received: 0 });
    expect((await get(`/api/runs/${id}/traces/${ORDER}`)).statusCode).toBe(404);
  });

  it('lists newest first, limited and filtered by what the request crossed; serves one trace whole', async () => {
    // Spans arrive out of order and from several services.
    const store = storeOf([SPANS[ORDER]!.slice(3), SPANS[VIEW]!, SPANS[ORDER]!.slice(0, 3)]);
    vi.spyOn(server.app.runs.get(id)!, 'traces').mockReturnValue(store);
    const all = (await get(`/api/runs/${id}/traces`)).json<TraceList>();
    expect(all.received).toBe(8);
    expect(all.traces.map((t) => t.traceId)).toEqual([VIEW, ORDER]);
    expect(all.traces[1]).toEqual({
      traceId: ORDER,
      root: 'POST /api/orders',
      service: 'gateway',
      startMs: 100,
      durationMs: 41,
      spans: 6,
      services: expect.arrayContaining([
        'gateway',
        'product-service',
        'notification-service',
        'analytics-service',
      ]),
      systems: expect.arrayContaining(['http', 'rabbitmq', 'kafka']),
      error: true,
    });

    const one = (await get(`/api/runs/${id}/traces?limit=1`)).json<TraceList>();
    expect(one.traces.map((t) => t.traceId)).toEqual([VIEW]);
    // The filter applies before the limit: the newest trace that crosses both.
    const both = (
      await get(`/api/runs/${id}/traces?limit=1&crosses=rabbitmq,kafka`)
    ).json<TraceList>();
    expect(both.traces.map((t) => t.traceId)).toEqual([ORDER]);
    const redis = (await get(`/api/runs/${id}/traces?crosses=redis`)).json<TraceList>();
    expect(redis.traces.map((t) => t.traceId)).toEqual([VIEW]);
    const none = (await get(`/api/runs/${id}/traces?crosses=redis,kafka`)).json<TraceList>();
    expect(none).toEqual({ traces: [], received: 8 });

    const detail = await get(`/api/runs/${id}/traces/${ORDER}`);
    expect(detail.statusCode).toBe(200);
    // Every field survives the response schema, attributes' types included.
    const { spans } = detail.json<TraceDetail>();
    expect(spans).toHaveLength(6);
    expect(spans).toEqual(expect.arrayContaining(SPANS[ORDER]!));
  });

  it('filters every trace kept, not only the newest hundred', async () => {
    const views = Array.from({ length: 150 }, (_, i) => {
      const traceId = i.toString(16).padStart(32, 'c');
      return [span(traceId, 'v', undefined, { system: 'http', startMs: 1000 + i })];
    });
    const store = storeOf([SPANS[ORDER]!, ...views]);
    vi.spyOn(server.app.runs.get(id)!, 'traces').mockReturnValue(store);
    const kafka = (await get(`/api/runs/${id}/traces?crosses=kafka`)).json<TraceList>();
    expect(kafka.traces.map((t) => t.traceId)).toEqual([ORDER]);
    const newest = (await get(`/api/runs/${id}/traces`)).json<TraceList>();
    expect(newest.traces).toHaveLength(50);
    expect(newest.traces[0]?.startMs).toBe(1149);
  });

  it('answers 404 for an unknown run or trace, and 400 naming a bad parameter', async () => {
    const unknownRun = await get(`/api/runs/zzzzzz99/traces`);
    expect(unknownRun.statusCode).toBe(404);
    expect(unknownRun.json<{ message: string }>().message).toMatch(/no run "zzzzzz99"/);
    expect((await get(`/api/runs/zzzzzz99/traces/${ORDER}`)).statusCode).toBe(404);
    vi.spyOn(server.app.runs.get(id)!, 'traces').mockReturnValue(storeOf([SPANS[ORDER]!]));
    const unknownTrace = await get(`/api/runs/${id}/traces/${'c'.repeat(32)}`);
    expect(unknownTrace.statusCode).toBe(404);
    expect(unknownTrace.json<{ message: string }>().message).toMatch(/has no trace/);

    for (const bad of [
      `/api/runs/${id}/traces?limit=0`,
      `/api/runs/${id}/traces?limit=501`,
      `/api/runs/${id}/traces?limit=ten`,
      `/api/runs/${id}/traces?crosses=smtp`,
      `/api/runs/${id}/traces?crosses=kafka,`,
      `/api/runs/${id}/traces/not-a-trace-id`,
      `/api/runs/${id}/traces/${ORDER.toUpperCase()}`,
      `/api/runs/NOT_AN_ID/traces`,
    ]) {
      const answer = await get(bad);
      expect(answer.statusCode, bad).toBe(400);
      expect(answer.json<{ message: string }>().message, bad).not.toBe('');
    }
  });

  it('still serves a completed run’s traces; a run read back from the store has none', async () => {
    const store = storeOf([SPANS[ORDER]!, SPANS[VIEW]!]);
    vi.spyOn(server.app.runs.get(id)!, 'traces').mockReturnValue(store);
    const ended = await until(
      'the run to end',
      async () => (await get(`/api/runs/${id}`)).json<{ state: string }>(),
      (r) => r.state !== 'running',
      15_000,
    );
    expect(ended.state).toBe('completed');
    const after = (await get(`/api/runs/${id}/traces?crosses=kafka`)).json<TraceList>();
    expect(after.traces.map((t) => t.traceId)).toEqual([ORDER]);
    expect((await get(`/api/runs/${id}/traces/${VIEW}`)).json<TraceDetail>().spans).toHaveLength(2);

    // An import is kept in the store only, with no Run in memory: known, and without traces.
    const file = (await get(`/api/runs/${id}/export`)).json<RunExport>();
    const imported = await server.app.inject({
      method: 'POST',
      url: '/api/runs/import',
      payload: file,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const copy = imported.json<{ id: string }>().id;
    expect((await get(`/api/runs/${copy}/traces`)).json()).toEqual({ traces: [], received: 0 });
    expect((await get(`/api/runs/${copy}/traces/${ORDER}`)).statusCode).toBe(404);
  });

  it('documents both routes', async () => {
    const doc = await get('/docs/json');
    expect(Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining(['/api/runs/{id}/traces', '/api/runs/{id}/traces/{traceId}']),
    );
  });
});
