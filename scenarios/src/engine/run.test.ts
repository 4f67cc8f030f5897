import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { Redis } from 'ioredis';
import { createNames, defineScenario } from '../sdk/index.ts';
import { expectGoneFromBrokers } from '../testing/index.ts';
import { addressesFromEnv } from './addresses.ts';
import { kafkaAdminClient } from './cleanup.ts';
import { RunJournal } from './journal.ts';
import { Run } from './run.ts';
import type { RunRecord } from './run.ts';
import { runScenario } from './run-scenario.ts';
import { leaseKey, retryCleanups } from './sweep.ts';

const ticking = defineScenario({
  id: 'engine-test',
  title: 'Engine test',
  summary: 'Counts at a paced rate and writes one key per op.',
  brokers: ['redis'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object(
    {
      rate: Type.Integer({
        default: 200,
        minimum: 0,
        maximum: 10_000,
        description: 'ops/s',
        'x-live': true,
      }),
      failAfterMs: Type.Integer({
        default: 0,
        minimum: 0,
        maximum: 10_000,
        description: 'throw after',
      }),
      hangOnStop: Type.Boolean({ default: false, description: 'ignore the stop signal' }),
    },
    { additionalProperties: false },
  ),
  charts: [{ id: 'ops', title: 'Ops', unit: 'ops/s', show: 'rate' }],
  metrics: [
    { key: 'ops', label: 'Ops', unit: 'ops', kind: 'counter', chart: 'ops' },
    { key: 'latency', label: 'Latency', unit: 'ms', kind: 'histogram', chart: 'ops' },
    { key: 'depth.s{i}', label: 'Depth', unit: 'msgs', kind: 'gauge', chart: 'ops' },
  ],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    const redis = await ctx.brokers.redis();
    const ops = ctx.metrics.counter('ops');
    const latency = ctx.metrics.histogram('latency');
    const depth = ctx.metrics.gauge('depth.s1');
    const pacer = ctx.pacer(() => ctx.params.rate);
    ctx.fact('leaseHeld', (await redis.exists(leaseKey(ctx.runId))) === 1);
    while (await pacer.wait()) {
      const start = performance.now();
      await redis.set(ctx.names.key('k', ops.total % 50), '1');
      latency.recordSince(start);
      ops.inc();
      depth.set(ops.total % 7);
      if (ctx.params.failAfterMs > 0 && ctx.elapsedMs() > ctx.params.failAfterMs) {
        throw new Error('scenario exploded on purpose');
      }
    }
    if (ctx.params.hangOnStop) await new Promise((r) => setTimeout(r, 60_000));
  },
  checks: [
    {
      id: 'some-ops',
      description: 'it did something',
      evaluate: (run) => ({ passed: (run.summary.ops ?? 0) > 0, detail: `ops=${run.summary.ops}` }),
    },
  ],
});

// Registers a topic and writes a key, then waits for the stop (or throws after failAfterMs).
const leaving = defineScenario({
  id: 'engine-leaving-test',
  title: 'Engine leaving test',
  summary: 'Holds a key and a topic until stopped.',
  brokers: ['redis', 'kafka'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object(
    { failAfterMs: Type.Integer({ default: 0, minimum: 0, maximum: 10_000, description: 'ms' }) },
    { additionalProperties: false },
  ),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    ctx.resources.topic(ctx.names.topic('t'));
    await (await ctx.brokers.redis()).set(ctx.names.key('k'), '1');
    if (ctx.params.failAfterMs > 0) {
      await ctx.sleep(ctx.params.failAfterMs);
      throw new Error('scenario exploded on purpose');
    }
    await ctx.sleep(ctx.durationMs);
  },
  checks: [],
});

// A burst of narration with one key moment in the middle of it.
const chatty = defineScenario({
  id: 'engine-chatty-test',
  title: 'Engine chatty test',
  summary: 'Narrates more than a person can read in a second.',
  brokers: ['redis'],
  tags: ['test'],
  level: 'beginner',
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  params: Type.Object(
    { moments: Type.Integer({ default: 0, minimum: 0, maximum: 1000, description: 'more' }) },
    { additionalProperties: false },
  ),
  run(ctx) {
    for (let i = 1; i <= 8; i++) ctx.event(`chatter ${i}`);
    ctx.event('the moment', { level: 'warn', mark: true });
    for (let i = 9; i <= 12; i++) ctx.event(`chatter ${i}`);
    for (let i = 1; i <= ctx.params.moments; i++) ctx.event(`moment ${i}`, { mark: true });
    return Promise.resolve();
  },
  checks: [],
});

// Nothing listens on port 1: every Kafka request is refused, as from a broker that died.
const deadKafka = { ...addressesFromEnv(), kafkaBrokers: ['127.0.0.1:1'] };

async function keysUnder(prefix: string): Promise<number> {
  const redis = new Redis(addressesFromEnv().redisUrl);
  try {
    return (await redis.keys(`${prefix}*`)).length;
  } finally {
    redis.disconnect();
  }
}

describe('Run', () => {
  it('paces, ticks frames with totals, rates and percentiles, checks, and cleans up', async () => {
    const frames: number[] = [];
    const run = await runScenario(ticking, {
      durationSec: 2,
      params: { rate: 200 },
      onFrame: (f) => frames.push(f.t),
    });
    expect(run.state).toBe('completed');
    expect(run.facts.leaseHeld).toBe(true);
    // 200/s for 2 s: the pacer holds the rate within 15%.
    expect(run.summary.ops).toBeGreaterThan(340);
    expect(run.summary.ops).toBeLessThan(460);
    expect(frames.length).toBeGreaterThanOrEqual(7);
    // A frame's rate is its ops since the frame before, per second of the time between them
    // (the pacer catches up after a busy moment, so one tick's rate can stray from 200/s).
    const before = run.frames[3]!;
    const mid = run.frames[4]!.values;
    const seconds = (run.frames[4]!.t - before.t) / 1000;
    expect(mid['ops.rate']).toBeCloseTo((mid.ops! - before.values.ops!) / seconds, 0);
    expect(mid['ops.rate']).toBeGreaterThan(100);
    expect(mid['ops.rate']).toBeLessThan(400);
    expect(mid['latency.p99']).toBeGreaterThan(0);
    expect(mid['depth.s1']).toBeGreaterThanOrEqual(0);
    expect(run.checks).toEqual([
      {
        id: 'some-ops',
        description: 'it did something',
        status: 'passed',
        passed: true,
        detail: expect.stringMatching(/^ops=\d+$/),
      },
    ]);
    expect(await keysUnder(run.resources.redisKeyPrefix)).toBe(0);
  });

  it('follows a live rate change within a tick and stops within a second', async () => {
    const result = runScenario(ticking, {
      durationSec: 30,
      params: { rate: 100 },
      onStart: (run) => {
        setTimeout(() => run.updateParams({ rate: 1000 }), 1000);
        setTimeout(() => run.stop(), 2500);
      },
    });
    const t0 = Date.now();
    const run = await result;
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(run.state).toBe('stopped');
    expect(run.params.rate).toBe(1000);
    const late = run.frames.filter((f) => f.t > 1600 && f.t < 2400);
    expect(late.length).toBeGreaterThan(0);
    for (const f of late) expect(f.values['ops.rate']).toBeGreaterThan(600);
    expect(run.events.some((e) => e.message.includes('rate=1000'))).toBe(true);
  });

  it('rejects a change of a param that is not live', async () => {
    await runScenario(ticking, {
      durationSec: 1,
      onStart: (run) => {
        expect(() => run.updateParams({ failAfterMs: 5 })).toThrow(
          /cannot change while the run is going/,
        );
        expect(() => run.updateParams({ rate: -1 })).toThrow(/params.rate must be >= 0/);
      },
    });
  });

  it('drops narration beyond five a second, but never a marked moment', async () => {
    const seen: string[] = [];
    const run = await runScenario(chatty, {
      durationSec: 1,
      onEvent: (e) => seen.push(e.message),
    });
    const chatter = run.events.filter((e) => e.message.startsWith('chatter'));
    expect(chatter.map((e) => e.message)).toEqual([
      'chatter 1',
      'chatter 2',
      'chatter 3',
      'chatter 4',
      'chatter 5',
    ]);
    expect(run.events.find((e) => e.message === 'the moment')?.level).toBe('warn');
    expect(seen).toContain('the moment');
    expect(run.markers.map((m) => m.label)).toContain('the moment');
  });

  it('keeps marked narration only while it makes a marker, so marking everything cannot flood the log', async () => {
    const run = await runScenario(chatty, { durationSec: 1, params: { moments: 300 } });
    // 200 markers a run: 'the moment' and the first 199 of the rest.
    expect(run.markers).toHaveLength(200);
    const moments = run.events.filter((e) => /^moment \d+$/.test(e.message));
    expect(moments.map((e) => e.message).at(-1)).toBe('moment 199');
    expect(moments).toHaveLength(199);
  });

  it('ends failed with the reason when the scenario throws, and still cleans up', async () => {
    const run = await runScenario(ticking, { durationSec: 5, params: { failAfterMs: 300 } });
    expect(run.state).toBe('failed');
    expect(run.error).toBe('scenario exploded on purpose');
    expect(run.checks).toEqual([]);
    expect(await keysUnder(run.resources.redisKeyPrefix)).toBe(0);
  });

  it('fails a scenario that ignores the stop signal after its finish budget', async () => {
    const { Run } = await import('./run.ts');
    const run = new Run(ticking, {
      params: { rate: 10, failAfterMs: 0, hangOnStop: true },
      durationSec: 1,
      addresses: addressesFromEnv(),
      finishBudgetMs: 500,
    });
    const record = await run.done;
    expect(record.state).toBe('failed');
    expect(record.error).toMatch(/did not finish within 0.5 s/);
  });

  it('reports running, and counts as live, until its cleanup is done', async () => {
    const run = new Run(leaving, {
      params: { failAfterMs: 200 },
      durationSec: 10,
      addresses: deadKafka,
    });
    const samples: RunRecord[] = [];
    const sampler = setInterval(() => {
      if (run.error !== undefined) samples.push(run.record());
    }, 10);
    const record = await run.done.finally(() => clearInterval(sampler));
    expect(record.state).toBe('failed');
    expect(record.endedAt).not.toBeNull();
    // The refused Kafka cleanup takes a while: the run was sampled during it...
    expect(samples.filter((r) => r.endedAt === null).length).toBeGreaterThan(3);
    // ...and never said it had ended before it had.
    expect(samples.filter((r) => r.endedAt === null && r.state !== 'running')).toEqual([]);
    expect(run.events.some((e) => e.message.startsWith('cleanup incomplete: kafka: '))).toBe(true);
    expect(await keysUnder(record.resources.redisKeyPrefix)).toBe(0);
  });

  it('journals what a refusing broker kept, and a retry once it is back deletes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-journal-'));
    const journal = new RunJournal(dir);
    const admin = kafkaAdminClient(addressesFromEnv()).admin();
    await admin.connect();
    try {
      const run = new Run(leaving, {
        params: {},
        durationSec: 10,
        addresses: deadKafka,
        journal,
      });
      // The run's topic, on the real broker: what the dead one would still hold when back.
      const topic = createNames(run.id).topic('t');
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      run.stop();
      const record = await run.done;
      expect(record.state).toBe('stopped');

      const [pending, ...more] = journal.pending(new Set());
      expect(more).toEqual([]);
      expect(pending).toMatchObject({
        runId: run.id,
        scenario: 'engine-leaving-test',
        resources: { topics: [topic] },
        cleanup: { attempts: 1, brokers: ['kafka'] },
      });
      expect(pending?.cleanup?.lastError).toMatch(/^kafka: /);
      // A live run's entry is not pending: it is the run's own to clean.
      expect(journal.pending(new Set([run.id]))).toEqual([]);
      expect(await admin.listTopics()).toContain(topic);

      // Redis coming back is not a reason to retry what Kafka refused.
      expect(await retryCleanups(addressesFromEnv(), journal, new Set(), 'redis')).toEqual({
        cleaned: [],
        failed: [],
      });
      expect(await retryCleanups(deadKafka, journal, new Set(), 'kafka')).toMatchObject({
        cleaned: [],
        failed: [{ runId: run.id }],
      });
      expect(journal.list()[0]?.cleanup?.attempts).toBe(2);

      expect(await retryCleanups(addressesFromEnv(), journal, new Set(), 'kafka')).toEqual({
        cleaned: [run.id],
        failed: [],
      });
      expect(journal.list()).toEqual([]);
      await expectGoneFromBrokers(record);
    } finally {
      await admin.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
