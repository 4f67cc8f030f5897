import { describe, expect, it } from 'vitest';
import { SeenSet } from '../sdk/seen-set.ts';
import { Tally, correctness } from './accounting.ts';
import type { AgentTick, ConsumerFinal } from './agent.ts';
import { LatencyHistogram } from './latency.ts';
import { checkWorkload } from './workload.ts';

const workload = checkWorkload({
  name: 'w',
  description: '',
  messageSize: 16,
  producerRate: 10,
  testDurationSeconds: 1,
  subscriptionsPerTopic: 2,
  consumerPerSubscription: 2,
});

const bits = (...seqs: number[]): Uint8Array => {
  const set = new SeenSet(8);
  for (const s of seqs) set.add(s);
  return set.toBytes();
};

const consumer = (sub: number, seqs: number[], received = seqs.length): ConsumerFinal => ({
  topic: 0,
  sub,
  received,
  duplicates: 0,
  outOfOrder: 0,
  lastAtMs: 0,
  seen: [{ producer: 0, bits: bits(...seqs) }],
});

describe('the books', () => {
  it('takes losses per subscription and counts a redelivery to another consumer as a duplicate', () => {
    const producers = [{ number: 0, topic: 0, sent: 6, acked: bits(0, 1, 2, 3, 4, 5) }];
    const books = correctness(workload, producers, [
      // Subscription 0: two competing consumers; 3 went to both (a redelivery), 5 to neither.
      consumer(0, [0, 1, 3]),
      consumer(0, [2, 3, 4]),
      // Subscription 1: one consumer got everything, the other nothing.
      consumer(1, [0, 1, 2, 3, 4, 5]),
      consumer(1, []),
    ]);
    expect(books).toEqual({ losses: 1, duplicates: 1, orderingViolations: 0 });
  });

  it('counts only measured ticks towards throughput and latency, every tick towards the backlog', () => {
    const tally = new Tally(workload);
    const latency = new LatencyHistogram();
    latency.record(5);
    const tick = (phase: AgentTick['phase'], published: number, consumed: number[]): AgentTick => ({
      type: 'tick',
      phase,
      published: [published],
      publishedBytes: published * 16,
      errors: 0,
      consumed,
      consumedBytes: 0,
      publishLatency: latency.encode(),
      endToEnd: null,
    });
    tally.add(tick('warmup', 100, [100, 90]));
    tally.add(tick('measure', 50, [40, 50]));
    expect(tally.published).toBe(50);
    expect(tally.publishedBytes).toBe(800);
    expect(tally.consumed).toBe(90);
    expect(tally.publishLatency.count).toBe(1);
    // 150 acked; subscription 0 has had 140, subscription 1 has had 140.
    expect(tally.backlog()).toBe(10);
    expect(tally.caughtUp()).toBe(false);
    tally.add(tick('drain', 0, [10, 10]));
    expect(tally.caughtUp()).toBe(true);
    expect(tally.takeWindow().published).toBe(150);
    expect(tally.takeWindow().published).toBe(0);
  });
});
