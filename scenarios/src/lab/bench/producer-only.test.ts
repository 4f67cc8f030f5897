import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESSES } from '../../engine/addresses.ts';
import { MemoryBroker } from '../memory-target.ts';
import { runComparison } from '../runner.ts';
import type { Target } from '../target.ts';
import { CASES, labWorkload } from './cases.ts';
import { producerOnly } from './producer-only.ts';

function memoryTarget(broker: MemoryBroker): Target {
  return {
    id: 'redis-streams',
    broker: 'redis',
    title: 'memory',
    plan: () => ({ mapping: ['topic → a list'], cannot: [] }),
    window: () => ({ inFlight: 2, batch: 20 }),
    setup: async () => undefined,
    teardown: async () => undefined,
    openProducer: async () => broker.producer(),
    openConsumer: async () => broker.consumer(),
  };
}

describe('producerOnly', () => {
  it('publishes through the target’s own producer and delivers to nobody, as a tool without consumers', async () => {
    const broker = new MemoryBroker();
    const delivered: Buffer[] = [];
    // A consumer of the broker's own, outside the run: it sees what the producers published.
    await broker.consumer().start((p) => void delivered.push(p));
    const c = CASES.find((x) => x.id === 'redis-xadd')!;
    const workload = { ...labWorkload(c, 1, 1), warmupDurationSeconds: 0 };
    const result = await runComparison({
      workload,
      targets: ['redis-streams'],
      addresses: DEFAULT_ADDRESSES,
      threads: 0,
      drainMs: 0,
      override: { 'redis-streams': producerOnly(memoryTarget(broker)) },
    });
    const [t] = result.targets;
    expect(t?.status).toBe('completed');
    expect(t?.publish.messages).toBeGreaterThan(0);
    expect(delivered.length).toBeGreaterThanOrEqual(t?.publish.messages ?? Infinity);
    expect(t?.consume.messages).toBe(0);
    expect(t?.losses).toBeNull();
    expect(t?.title).toMatch(/producers only/);
    expect(t?.plan.mapping.at(-1)).toMatch(/no consumer reads/);
  });
});
