// The comparison lab's API on a fake runner: workloads and plans, a queue that runs one
// comparison at a time (the second waits and says its position), bad requests naming their
// field, the trainer token, stop, saved results, exports, and the socket events the Compare page
// draws from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { RunComparisonOptions } from '../src/plugins/lab-queue.ts';
import type {
  ComparisonResult,
  ComparisonSummary,
  LabClientToServer,
  LabQueue,
  LabServerToClient,
  QueuedComparison,
  TargetInfo,
  Workload,
} from '../../scenarios/src/sdk/lab-schemas.ts';
import { fakeRunner, startLabServer } from './lab-harness.ts';
import type { LabStore } from '../../scenarios/src/lab/store.ts';
import { TARGET_IDS } from '../../scenarios/src/lab/target.ts';
import { until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

type LabSocket = Socket<LabServerToClient, LabClientToServer>;

describe('lab API', () => {
  let server: Harness & { store: LabStore };
  const given: RunComparisonOptions[] = [];
  let running = 0;
  let overlapped = false;

  beforeAll(async () => {
    const inner = fakeRunner({ perTargetMs: 400, seen: (o) => given.push(o) });
    // Counts comparisons in flight: two at once would be a broken queue.
    server = await startLabServer(async (options) => {
      running += 1;
      if (running > 1) overlapped = true;
      try {
        return await inner(options);
      } finally {
        running -= 1;
      }
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = <T>(url: string) =>
    server.app.inject({ method: 'GET', url }).then((r) => r.json<T>());
  const start = (payload: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: '/api/lab/comparisons', payload });
  const ended = (id: string) =>
    until(
      `comparison ${id} to be saved`,
      () => server.store.get(id),
      (r) => r !== undefined,
      8_000,
    ) as Promise<ComparisonResult>;

  it('lists the six shipped workloads, parsed with their defaults', async () => {
    const workloads = await get<Workload[]>('/api/lab/workloads');
    expect(workloads.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        'tiny-max',
        'fixed-10k-16p',
        'fanout-8',
        'work-queue-slow',
        'durable',
        'backlog-drain',
      ]),
    );
    const fanout = workloads.find((w) => w.name === 'fanout-8');
    expect(fanout?.subscriptionsPerTopic).toBe(8);
    // Defaults filled in by the parser, not left out.
    expect(fanout?.keyDistributor).toBe('NO_KEY');
  });

  it('lists every target; for a workload, each plan, unsupported with its reason', async () => {
    const plain = await get<TargetInfo[]>('/api/lab/targets');
    expect(plain.map((t) => t.id)).toEqual([...TARGET_IDS]);
    expect(plain.find((t) => t.id === 'rabbitmq-quorum')).toEqual({
      id: 'rabbitmq-quorum',
      title: 'rabbitmq-quorum',
      available: false,
    });
    expect(plain.every((t) => t.plan === undefined)).toBe(true);

    const drain = await get<TargetInfo[]>('/api/lab/targets?workload=backlog-drain');
    const pubsub = drain.find((t) => t.id === 'redis-pubsub');
    expect(pubsub?.plan?.unsupported).toMatch(/backlog/);
    expect(pubsub?.plan?.cannot).toContain('pub/sub keeps nothing: no persistence, no replay');
    expect(drain.find((t) => t.id === 'redis-streams')?.plan?.unsupported).toBeUndefined();

    const unknown = await server.app.inject({ url: '/api/lab/targets?workload=nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'workload', value: 'nope' });
  });

  it('documents every lab route in the OpenAPI document', async () => {
    const doc = await server.app.inject({ url: '/docs/json' });
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/lab/workloads',
        '/api/lab/targets',
        '/api/lab/queue',
        '/api/lab/comparisons',
        '/api/lab/comparisons/{id}',
        '/api/lab/comparisons/{id}/stop',
        '/api/lab/comparisons/{id}/export',
      ]),
    );
  });

  it('answers a bad request with 400 naming the field', async () => {
    const neither = await start({ targets: ['kafka'] });
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({ field: 'workload' });

    const broken = await start({
      workloadText:
        'name: mine\ndescription: too small\nmessageSize: 4\ntestDurationSeconds: 1\nproducerRate: max\n',
      targets: ['kafka'],
    });
    expect(broken.statusCode).toBe(400);
    const body = broken.json<{ field: string; errors: { message: string }[] }>();
    expect(body.field).toBe('workloadText');
    // The parser's own problem, naming the workload's field.
    expect(body.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^messageSize: .*16/),
    ]);

    const unknownTarget = await start({ workload: 'tiny-max', targets: ['nats'] });
    expect(unknownTarget.statusCode).toBe(400);
    expect(unknownTarget.json<{ message: string }>().message).toMatch(/targets/);

    const unavailable = await start({ workload: 'tiny-max', targets: ['rabbitmq-stream'] });
    expect(unavailable.statusCode).toBe(400);
    expect(unavailable.json()).toMatchObject({ field: 'targets', value: ['rabbitmq-stream'] });

    const twice = await start({ workload: 'tiny-max', targets: ['kafka', 'kafka'] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ field: 'targets' });
    expect(given).toHaveLength(0);
  });

  it('runs one comparison at a time: the second waits, says its position, then runs', async () => {
    const socket: LabSocket = connect(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
    });
    const events: string[] = [];
    const samples: number[] = [];
    const done: ComparisonSummary[] = [];
    socket.on('lab:progress', (p) => events.push(`${p.comparison}:${p.target}:${p.index}/${p.of}`));
    socket.on('lab:sample', (s) => samples.push(s.publishPerSec));
    socket.on('lab:done', (d) => done.push(d.summary));
    const joined = await new Promise<LabQueue>((resolve) =>
      socket.emit('lab:join', {}, (queue) => resolve(queue)),
    );
    expect(joined.queue).toEqual([]);

    try {
      const first = await start({
        workload: 'fanout-8',
        targets: ['redis-streams', 'redis-pubsub'],
        durationSec: 3,
      });
      expect(first.statusCode, first.body).toBe(202);
      const a = first.json<QueuedComparison>();
      expect(a).toMatchObject({ state: 'running', position: 0, workload: 'fanout-8' });

      const second = await start({
        workloadText: JSON.stringify({
          name: 'mine',
          description: 'my own',
          messageSize: 64,
          producerRate: 100,
          testDurationSeconds: 2,
        }),
        targets: ['kafka'],
      });
      expect(second.statusCode, second.body).toBe(202);
      const b = second.json<QueuedComparison>();
      expect(b).toMatchObject({ state: 'queued', position: 1, workload: 'mine' });
      const queue = await get<LabQueue>('/api/lab/queue');
      expect(queue.queue.map((q) => [q.id, q.state, q.position])).toEqual([
        [a.id, 'running', 0],
        [b.id, 'queued', 1],
      ]);
      // Not saved yet: no result to read.
      const early = await server.app.inject({ url: `/api/lab/comparisons/${b.id}` });
      expect(early.statusCode).toBe(409);

      const resultA = await ended(a.id);
      const resultB = await ended(b.id);
      expect(overlapped).toBe(false);
      // The runner was given the request as asked: the duration override, the targets, the
      // server's broker addresses.
      expect(given[0]?.workload.testDurationSeconds).toBe(3);
      expect(given[0]?.targets).toEqual(['redis-streams', 'redis-pubsub']);
      expect(given[0]?.addresses.redisUrl).toMatch(/^redis:\/\//);
      // The queue's id wins over the runner's own.
      expect(resultA.id).toBe(a.id);
      expect(resultA.targets.map((t) => t.status)).toEqual(['completed', 'completed']);
      expect(resultB.workload.name).toBe('mine');

      await until(
        'both done events',
        () => done.length,
        (n) => n === 2,
        3_000,
      );
      expect(done.map((d) => d.id)).toEqual([a.id, b.id]);
      expect(events[0]).toBe(`${a.id}:redis-streams:1/2`);
      expect(events).toContain(`${a.id}:redis-pubsub:2/2`);
      expect(events.at(-1)).toBe(`${b.id}:kafka:1/1`);
      expect(samples.length).toBeGreaterThan(5);

      const list = await get<ComparisonSummary[]>('/api/lab/comparisons');
      expect(list.map((s) => s.id)).toEqual([b.id, a.id]);
      expect(list[1]?.targets[1]).toMatchObject({
        target: 'redis-pubsub',
        publishPerSec: 20_000,
        endToEndP99Ms: resultA.targets[1]?.endToEndLatency?.p99,
      });
    } finally {
      socket.disconnect();
    }
  }, 15_000);

  it('stops a running comparison (saved as stopped) and drops a queued one', async () => {
    const a = (await start({ workload: 'tiny-max', targets: ['redis-streams', 'kafka'] })).json<{
      id: string;
    }>();
    const b = (await start({ workload: 'tiny-max', targets: ['kafka'] })).json<{ id: string }>();
    const dropped = await server.app.inject({
      method: 'POST',
      url: `/api/lab/comparisons/${b.id}/stop`,
    });
    expect(dropped.json()).toEqual({ id: b.id, state: 'cancelled' });
    const stopping = await server.app.inject({
      method: 'POST',
      url: `/api/lab/comparisons/${a.id}/stop`,
    });
    expect(stopping.json()).toEqual({ id: a.id, state: 'stopping' });
    const result = await ended(a.id);
    expect(result.state).toBe('stopped');
    expect(result.targets.map((t) => t.status)).toEqual(['stopped']);
    expect(server.store.get(b.id)).toBeUndefined();
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/lab/comparisons/${a.id}/stop`,
    });
    expect(again.statusCode).toBe(409);
    const missing = await server.app.inject({
      method: 'POST',
      url: `/api/lab/comparisons/${b.id}/stop`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('exports JSON and CSV with a file name, and deletes', async () => {
    const [latest] = await get<ComparisonSummary[]>('/api/lab/comparisons');
    const id = latest!.id;
    const json = await server.app.inject({ url: `/api/lab/comparisons/${id}/export` });
    expect(json.headers['content-disposition']).toMatch(/attachment; filename=".*\.json"/);
    expect(json.json<ComparisonResult>().id).toBe(id);

    const csv = await server.app.inject({ url: `/api/lab/comparisons/${id}/export?format=csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...rows] = csv.body.trim().split('\n');
    expect(header).toMatch(/^comparison,workload,target,status,/);
    expect(rows).toHaveLength(json.json<ComparisonResult>().targets.length);
    expect(rows[0]).toContain(`${id},tiny-max,redis-streams,stopped,`);

    const gone = await server.app.inject({ method: 'DELETE', url: `/api/lab/comparisons/${id}` });
    expect(gone.statusCode).toBe(204);
    const after = await server.app.inject({ url: `/api/lab/comparisons/${id}` });
    expect(after.statusCode).toBe(404);
  });

  it('a runner that throws leaves a failed result saying why', async () => {
    const failing = await startLabServer(() => Promise.reject(new Error('broker unreachable')));
    try {
      const queued = await failing.app.inject({
        method: 'POST',
        url: '/api/lab/comparisons',
        payload: { workload: 'tiny-max', targets: ['kafka'] },
      });
      const id = queued.json<{ id: string }>().id;
      const result = await until(
        'the failed result',
        () => failing.store.get(id),
        (r) => r !== undefined,
        3_000,
      );
      expect(result?.state).toBe('failed');
      expect(result?.targets[0]).toMatchObject({ status: 'failed', error: 'broker unreachable' });
    } finally {
      await failing.close();
    }
  });
});

describe('lab API with a trainer token', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startLabServer(fakeRunner({ perTargetMs: 50 }), { TRAINER_TOKEN: 'sesame' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses to start, stop or delete without it; reading stays open', async () => {
    const payload = { workload: 'tiny-max', targets: ['kafka'] };
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/lab/comparisons',
      payload,
    });
    expect(refused.statusCode).toBe(401);
    for (const [method, url] of [
      ['POST', '/api/lab/comparisons/abcdef/stop'],
      ['DELETE', '/api/lab/comparisons/abcdef'],
    ] as const) {
      expect((await server.app.inject({ method, url })).statusCode).toBe(401);
    }
    expect((await server.app.inject({ url: '/api/lab/comparisons' })).statusCode).toBe(200);
    const allowed = await server.app.inject({
      method: 'POST',
      url: '/api/lab/comparisons',
      payload,
      headers: { 'x-trainer-token': 'sesame' },
    });
    expect(allowed.statusCode).toBe(202);
  });
});
