import { describe, expect, it } from 'vitest';
import {
  ToolOutputError,
  csvFields,
  parsePerfTest,
  parseProducerPerformance,
  parseRedisBenchmarkCsv,
} from './parse.ts';

// Output captured from the real tools on this machine (kafka-tools 4.4.0, perf-test 2.22.1,
// redis-benchmark 7.0.15), trimmed of the lines in between.
const PRODUCER_PERFORMANCE = `Option --producer-props has been deprecated and will be removed in a future version.
Warmup first 50000 records. Steady state results will print after the complete test summary.
1012345 records sent, 202469.0 records/sec (19.31 MB/sec), 40.1 ms avg latency, 120.0 ms max latency.
200000 records sent, 211193.241816 records/sec (20.14 MB/sec), 31.87 ms avg latency, 248.00 ms max latency, 33 ms 50th, 63 ms 95th, 76 ms 99th, 77 ms 99.9th.
150000 steady state records sent, 306122.448980 records/sec (29.19 MB/sec), 36.35 ms avg latency, 77.00 ms max latency, 38 ms 50th, 64 ms 95th, 76 ms 99th, 77 ms 99.9th.
`;

const PERF_TEST = `id: test-023744-331, starting producer #0, channel #0
id: test-023744-331, time 1.000 s, sent: 22176 msg/s, received: 19608 msg/s, min/median/75th/95th/99th consumer latency: 5931/147002/197915/218432/239815 µs
id: test-023744-331, time 3.005 s, sent: 27975 msg/s, received: 27760 msg/s, min/median/75th/95th/99th consumer latency: 11756/43319/92282/133610/138959 µs
test stopped (Reached time limit)
id: test-023744-331, sending rate avg: 22557 msg/s
id: test-023744-331, receiving rate avg: 22412 msg/s
id: test-023744-331, consumer latency min/median/75th/95th/99th 2497/82350/130516/205174/228191 µs
`;

const REDIS_CSV = `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"XADD pg:lab-bench-x:tool:t0 * v xxxx","847457.62","0.109","0.048","0.111","0.151","0.183","1.583"
`;

describe('parseProducerPerformance', () => {
  it('takes the steady-state summary over the whole run and the interval lines', () => {
    const r = parseProducerPerformance(PRODUCER_PERFORMANCE);
    expect(r).toEqual({
      records: 150000,
      perSec: 306122.44898,
      mbPerSec: 29.19,
      steadyState: true,
      latencyMs: { avg: 36.35, max: 77, p50: 38, p95: 64, p99: 76, p999: 77 },
    });
  });

  it('falls back to the whole-run summary without warm-up records', () => {
    const withoutSteady = PRODUCER_PERFORMANCE.split('\n')
      .filter((l) => !l.includes('steady state'))
      .join('\n');
    const r = parseProducerPerformance(withoutSteady);
    expect(r.steadyState).toBe(false);
    expect(r.records).toBe(200000);
    expect(r.perSec).toBeCloseTo(211193.24, 2);
  });

  it('refuses output with only interval lines, quoting the tail', () => {
    const failed = `1012345 records sent, 202469.0 records/sec (19.31 MB/sec), 40.1 ms avg latency, 120.0 ms max latency.
org.apache.kafka.common.errors.TimeoutException: Topic pg.x not present in metadata after 60000 ms.`;
    expect(() => parseProducerPerformance(failed)).toThrow(ToolOutputError);
    expect(() => parseProducerPerformance(failed)).toThrow(/TimeoutException/);
  });
});

describe('parsePerfTest', () => {
  it('reads the closing averages and the whole run’s consumer latency in ms', () => {
    expect(parsePerfTest(PERF_TEST)).toEqual({
      sentPerSec: 22557,
      receivedPerSec: 22412,
      consumerLatencyMs: { p50: 82.35, p99: 228.191 },
    });
  });

  it('needs both rates', () => {
    const cut = PERF_TEST.split('\n')
      .filter((l) => !l.includes('receiving rate'))
      .join('\n');
    expect(() => parsePerfTest(cut)).toThrow(/receiving rate avg/);
  });

  it('reports no latency when PerfTest printed none', () => {
    const r = parsePerfTest(
      'id: a, sending rate avg: 10 msg/s\nid: a, receiving rate avg: 0 msg/s\n',
    );
    expect(r).toEqual({ sentPerSec: 10, receivedPerSec: 0, consumerLatencyMs: null });
  });
});

describe('parseRedisBenchmarkCsv', () => {
  it('reads a custom command’s row by its column names', () => {
    expect(parseRedisBenchmarkCsv(REDIS_CSV)).toEqual([
      {
        test: 'XADD pg:lab-bench-x:tool:t0 * v xxxx',
        perSec: 847457.62,
        latencyMs: { avg: 0.109, p50: 0.111, p95: 0.151, p99: 0.183, max: 1.583 },
      },
    ]);
  });

  it('finds the columns wherever they are, and skips progress text', () => {
    const moved = `PUBLISH: rps=0.0 (overall: 799999.9)\r
"test","p50_latency_ms","rps","avg_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"PUBLISH c x","0.063","1351351.38","0.063","0.087","0.119","3.063"`;
    const [row] = parseRedisBenchmarkCsv(moved);
    expect(row?.perSec).toBe(1351351.38);
    expect(row?.latencyMs.p50).toBe(0.063);
  });

  it('refuses an error instead of a table', () => {
    expect(() => parseRedisBenchmarkCsv('Could not connect to Redis at 127.0.0.1:6379')).toThrow(
      /no CSV header/,
    );
    expect(() => parseRedisBenchmarkCsv(REDIS_CSV.split('\n')[0]!)).toThrow(/no result row/);
  });

  it('splits quoted fields with commas and doubled quotes', () => {
    expect(csvFields('"a,b","say ""hi""",3')).toEqual(['a,b', 'say "hi"', '3']);
  });
});
