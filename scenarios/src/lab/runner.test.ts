import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESSES } from '../engine/addresses.ts';
import { MemoryBroker } from './memory-target.ts';
import { runComparison } from './runner.ts';
import type { LabSample } from './report.ts';
import type { Target, TargetId, TargetPlan } from './target.ts';
import { checkWorkload } from './workload.ts';
import type { Workload } from './workload.ts';

const workload = (fields: Partial<Workload> = {}): Workload =>
  checkWorkload({
    name: 'unit',
    description: '',
    messageSize: 64,
    producerRate: 400,
    testDurationSeconds: 1,
    warmupDurationSeconds: 1,
    ...fields,
  });

interface Calls {
  setup: number;
  teardown: number;
}

/** A target over one MemoryBroker, in this thread; `dropEvery` loses a delivery now and then. */
function memoryTarget(
  id: TargetId,
  calls: Calls,
  options: {
    plan?: TargetPlan;
    dropEvery?: number;
    failProducer?: boolean;
    broker?: MemoryBroker;
  } = {},
): Target {
  const broker = options.broker ?? new MemoryBroker();
  let deliveries = 0;
  return {
    id,
    broker: 'redis',
    title: `memory ${id}`,
    plan: () => options.plan ?? { mapping: ['topic → an array'], cannot: [] },
    window: () => ({ inFlight: 4, batch: 10 }),
    setup: async () => void calls.setup++,
    teardown: async () => void calls.teardown++,
    openProducer: async () => {
      if (options.failProducer === true) throw new Error('no producer today');
      return broker.producer();
    },
    openConsumer: async () => {
      const consumer = broker.consumer();
      return {
        start: (onMessage) =>
          consumer.start((payload) => {
            deliveries++;
            if (options.dropEvery !== undefined && deliveries % options.dropEvery === 0) return;
            return onMessage(payload);
          }),
        close: () => consumer.close(),
      };
    },
  };
}

/** A queue that keeps what no consumer has taken yet, and hands it out in timed slices. */
function queueTarget(calls: Calls): Target {
  const held: Buffer[] = [];
  let deliver: ((payload: Buffer) => Promise<void> | void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    ...memoryTarget('rabbitmq-classic', calls),
    openProducer: async () => ({
      send: async (batch) => void held.push(...batch.map((m) => m.payload)),
      close: async () => undefined,
    }),
    openConsumer: async () => ({
      start: async (onMessage) => {
        deliver = onMessage;
        timer = setInterval(() => {
          for (const payload of held.splice(0, 100)) void deliver?.(payload);
        }, 10);
      },
      close: async () => clearInterval(timer),
    }),
  };
}

describe('runComparison', () => {
  it('counts only the measured phase, and finds losses and duplicates in the bitsets', async () => {
    const calls = { setup: 0, teardown: 0 };
    const broker = new MemoryBroker();
    broker.duplicateEvery = 20;
    const samples: LabSample[] = [];
    const phases = new Set<string>();
    const result = await runComparison({
      workload: workload(),
      targets: ['redis-streams'],
      addresses: DEFAULT_ADDRESSES,
      threads: 0,
      override: {
        'redis-streams': memoryTarget('redis-streams', calls, { dropEvery: 50, broker }),
      },
      onSample: (s) => samples.push(s),
      onProgress: (p) => phases.add(p.phase),
    });
    const [t] = result.targets;
    expect(result.state).toBe('completed');
    expect(t?.status).toBe('completed');
    // 400/s for a 1 s warm-up and a 1 s measure: the measure's ~400, not the run's ~800 (a
    // producer held up on a busy machine catches up on its schedule, hence the margin).
    const measured = t?.measuredSec ?? 0;
    expect(measured).toBeGreaterThan(0.9);
    expect(t?.publish.messages).toBeGreaterThan(300 * measured);
    expect(t?.publish.messages).toBeLessThan(400 * (measured + 0.4));
    expect(t?.publish.perSec).toBeGreaterThan(300);
    expect(t?.publishLatency?.count).toBe(t?.publish.messages);
    expect(t?.endToEndLatency?.p50).toBeGreaterThan(0);
    // Warm-up included, ~800 delivered: 1 in 20 duplicated, 1 in 50 deliveries dropped.
    expect(t?.duplicates).toBeGreaterThan(20);
    expect(t?.losses).toBeGreaterThan(8);
    expect(t?.losses).toBeLessThan(t?.duplicates ?? 0);
    expect(t?.orderingViolations).toBeNull();
    expect([...phases]).toEqual(['setup', 'warmup', 'measure', 'drain', 'teardown']);
    expect(samples.some((s) => s.phase === 'measure' && s.publishPerSec > 100)).toBe(true);
    expect(calls).toEqual({ setup: 1, teardown: 1 });
  });

  it('reports an unsupported target without load, and tears down one that fails', async () => {
    const unsupported = { setup: 0, teardown: 0 };
    const failing = { setup: 0, teardown: 0 };
    const fine = { setup: 0, teardown: 0 };
    const result = await runComparison({
      workload: workload({ warmupDurationSeconds: 0 }),
      targets: ['redis-pubsub', 'kafka', 'redis-streams'],
      addresses: DEFAULT_ADDRESSES,
      threads: 0,
      override: {
        'redis-pubsub': memoryTarget('redis-pubsub', unsupported, {
          plan: { mapping: [], cannot: [], unsupported: 'pub/sub keeps no backlog' },
        }),
        kafka: memoryTarget('kafka', failing, { failProducer: true }),
        'redis-streams': memoryTarget('redis-streams', fine),
      },
    });
    const [pubsub, kafka, streams] = result.targets;
    expect(pubsub).toMatchObject({ status: 'unsupported', error: 'pub/sub keeps no backlog' });
    expect(unsupported).toEqual({ setup: 0, teardown: 0 });
    expect(kafka).toMatchObject({ status: 'failed', error: 'no producer today' });
    expect(failing).toEqual({ setup: 1, teardown: 1 });
    // The comparison goes on with the next target.
    expect(streams?.status).toBe('completed');
    expect(streams?.losses).toBe(0);
    expect(streams?.duplicates).toBe(0);
    expect(fine).toEqual({ setup: 1, teardown: 1 });
  });

  it('in the backlog mode, produces first, then times the consumers draining it', async () => {
    const calls = { setup: 0, teardown: 0 };
    const phases: string[] = [];
    const result = await runComparison({
      workload: workload({ backlog: true, warmupDurationSeconds: 0, producerRate: 2000 }),
      targets: ['rabbitmq-classic'],
      addresses: DEFAULT_ADDRESSES,
      threads: 0,
      override: { 'rabbitmq-classic': queueTarget(calls) },
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
    });
    const [t] = result.targets;
    expect(phases).toEqual(['setup', 'produce', 'consume', 'teardown']);
    expect(t?.status).toBe('completed');
    expect(t?.publish.messages).toBeGreaterThan(1500);
    expect(t?.backlogMax).toBe(t?.publish.messages);
    expect(t?.consume.messages).toBe(t?.publish.messages);
    // The queue hands its backlog over in 100-message slices, one every 10 ms: ~200 ms.
    expect(t?.drainMs).toBeGreaterThan(100);
    expect(t?.drainMs).toBeLessThan(1500);
    expect(t?.losses).toBe(0);
    expect(calls).toEqual({ setup: 1, teardown: 1 });
  });

  it('stops at once when asked: the current target torn down, the rest not run', async () => {
    const first = { setup: 0, teardown: 0 };
    const second = { setup: 0, teardown: 0 };
    const started = performance.now();
    const result = await runComparison({
      workload: workload({ testDurationSeconds: 30 }),
      targets: ['kafka', 'redis-streams'],
      addresses: DEFAULT_ADDRESSES,
      threads: 0,
      signal: AbortSignal.timeout(1500),
      override: {
        kafka: memoryTarget('kafka', first),
        'redis-streams': memoryTarget('redis-streams', second),
      },
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.state).toBe('stopped');
    expect(result.targets.map((t) => t.status)).toEqual(['stopped', 'stopped']);
    // Stopped in the measure: its numbers so far are kept, but no drain, so no loss is claimed.
    expect(result.targets[0]?.publish.messages).toBeGreaterThan(0);
    expect(result.targets[0]?.losses).toBeNull();
    expect(result.targets[1]?.error).toBe('not run: the comparison was stopped');
    expect(first).toEqual({ setup: 1, teardown: 1 });
    expect(second).toEqual({ setup: 0, teardown: 0 });
  });

  it('runs the load in worker threads, merging their counts and bitsets', async () => {
    const result = await runComparison({
      workload: workload({
        producersPerTopic: 2,
        subscriptionsPerTopic: 2,
        warmupDurationSeconds: 0,
      }),
      targets: ['redis-pubsub'],
      addresses: DEFAULT_ADDRESSES,
      threads: 2,
      override: { 'redis-pubsub': new URL('./loopback-target.ts', import.meta.url).href },
    });
    const [t] = result.targets;
    expect(t?.error).toBeUndefined();
    expect(t?.status).toBe('completed');
    expect(t?.publish.messages).toBeGreaterThan(300);
    // Two subscriptions each get every message.
    expect(t?.consume.messages).toBe(2 * (t?.publish.messages ?? 0));
    expect(t?.losses).toBe(0);
    expect(t?.duplicates).toBe(0);
    expect(t?.resources.map((r) => r.name)).toEqual(['redis-server']);
  });
});
