import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency.ts';
import { SendSchedule } from './schedule.ts';

describe('latency from the intended send time', () => {
  it('shows a stalled producer in the percentiles, where send-time latency hides it', () => {
    // 1000/s for 2 s; each send takes 1 ms to be acked; the producer stalls 500 ms at 1 s.
    const schedule = new SendSchedule(1000, 0);
    const intended = new LatencyHistogram();
    const naive = new LatencyHistogram();
    let clock = 0;
    for (let i = 0; i < 2000; i++) {
      const { intendedMs, waitMs } = schedule.next(clock);
      clock += waitMs;
      if (i === 1000) clock += 500;
      const sentAt = clock;
      const ackedAt = sentAt + 1;
      intended.record(ackedAt - intendedMs);
      naive.record(ackedAt - sentAt);
    }
    expect(naive.summary().p99).toBe(1);
    expect(naive.summary().max).toBe(1);
    // The 500 messages that were due during the stall are each that much late.
    expect(intended.summary().max).toBeGreaterThanOrEqual(500);
    expect(intended.summary().p90).toBeGreaterThan(100);
    expect(intended.summary().p50).toBeLessThan(5);
  });

  it('owes nothing at max rate: intended is when it was sent', () => {
    const schedule = new SendSchedule(Infinity, 0);
    expect(schedule.paced).toBe(false);
    expect(schedule.next(42)).toEqual({ intendedMs: 42, waitMs: 0 });
  });

  it('merges histograms from other threads through their encoding', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) a.record(i);
    for (let i = 101; i <= 200; i++) b.record(i);
    a.merge(b.encode());
    const s = a.summary();
    expect(s.count).toBe(200);
    expect(s.p50).toBeCloseTo(100, 0);
    expect(s.max).toBeCloseTo(200, 0);
    expect(s.p999).toBeCloseTo(200, 0);
  });
});
