import { describe, expect, it } from 'vitest';
import { driveConsumer, driveProducer } from './driver.ts';
import { MemoryBroker } from './memory-target.ts';
import { checkWorkload } from './workload.ts';

const workload = checkWorkload({
  name: 'unit',
  description: '',
  messageSize: 64,
  producerRate: 200,
  testDurationSeconds: 1,
});

describe('the load generator loops', () => {
  it('keeps to a paced schedule, and each delivery is counted once with its latency', async () => {
    const broker = new MemoryBroker();
    const { run: consumed } = await driveConsumer(broker.consumer(), workload);
    const produced = await driveProducer(broker.producer(), {
      workload,
      producer: 3,
      topic: 0,
      rate: 200,
      window: { inFlight: 4, batch: 10 },
      signal: AbortSignal.timeout(500),
    });
    // 200/s for half a second: about 100, not more (no burst ahead of the schedule).
    expect(produced.counts.sent).toBeGreaterThan(80);
    expect(produced.counts.sent).toBeLessThanOrEqual(102);
    expect(produced.counts.acked).toBe(produced.counts.sent);
    expect(produced.acked.size).toBe(produced.counts.acked);
    expect(consumed.received).toBe(produced.counts.acked);
    expect(consumed.seen.get(3)?.missingFrom(produced.acked)).toBe(0);
    expect(consumed.duplicates).toBe(0);
    expect(consumed.outOfOrder).toBe(0);
    expect(consumed.endToEnd.summary().p50).toBeGreaterThan(0.5);
    expect(produced.publishLatency.summary().p50).toBeLessThan(50);
  });

  it('puts a broker stall in the latencies of every message that was due during it', async () => {
    const broker = new MemoryBroker();
    broker.ackDelayMs = 1;
    setTimeout(() => (broker.stallMs = 300), 200);
    const produced = await driveProducer(broker.producer(), {
      workload,
      producer: 0,
      topic: 0,
      rate: 500,
      // One batch in flight: a stalled ack holds the producer, as a blocked connection does.
      window: { inFlight: 1, batch: 1 },
      signal: AbortSignal.timeout(800),
    });
    const latency = produced.publishLatency.summary();
    // ~150 messages were due during the 300 ms stall: far more than 1% of the run's ~400.
    expect(latency.max).toBeGreaterThanOrEqual(290);
    expect(latency.p90).toBeGreaterThan(50);
  });

  it('counts duplicates a broker delivers', async () => {
    const broker = new MemoryBroker();
    broker.duplicateEvery = 10;
    const { run: consumed } = await driveConsumer(broker.consumer(), workload);
    const produced = await driveProducer(broker.producer(), {
      workload,
      producer: 0,
      topic: 0,
      rate: Infinity,
      window: { inFlight: 2, batch: 50 },
      signal: AbortSignal.timeout(1_000),
      limit: 1_000,
    });
    expect(produced.counts.acked).toBe(1_000);
    expect(consumed.duplicates).toBe(100);
    expect(consumed.received).toBe(1_100);
  });
});
