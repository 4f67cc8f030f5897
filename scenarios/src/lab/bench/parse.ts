// Reads what the brokers' own benchmark tools print: Kafka's ProducerPerformance summary line,
// RabbitMQ PerfTest's closing averages and redis-benchmark's CSV. Each parser takes the whole
// stdout and throws, with the output's tail, when the line it needs is not there (a tool that
// failed prints something else, and a rate of 0 must never stand in for "did not run").

export class ToolOutputError extends Error {
  constructor(tool: string, what: string, output: string) {
    const tail = output.trim().split('\n').slice(-8).join('\n');
    super(`${tool}: ${what}${tail === '' ? ' (no output)' : `; its output ended:\n${tail}`}`);
    this.name = 'ToolOutputError';
  }
}

export interface ProducerPerformanceResult {
  records: number;
  perSec: number;
  mbPerSec: number;
  /** Whether these are the steady-state numbers (after --warmup-records) or the whole run's. */
  steadyState: boolean;
  latencyMs: { avg: number; p50: number; p95: number; p99: number; p999: number; max: number };
}

const PRODUCER_SUMMARY =
  /^(\d+) (steady state )?records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.?$/;

/**
 * The summary of `ProducerPerformance`: the steady-state line when the run had warm-up records
 * (the JVM's and the connection's start are not the tool's throughput), else the whole run's.
 * The once-per-interval lines carry no percentiles and never match.
 */
export function parseProducerPerformance(output: string): ProducerPerformanceResult {
  const found: ProducerPerformanceResult[] = [];
  for (const line of output.split('\n')) {
    const m = PRODUCER_SUMMARY.exec(line.trim());
    if (m === null) continue;
    const n = (i: number): number => Number(m[i]);
    found.push({
      records: n(1),
      perSec: n(3),
      mbPerSec: n(4),
      steadyState: m[2] !== undefined,
      latencyMs: { avg: n(5), max: n(6), p50: n(7), p95: n(8), p99: n(9), p999: n(10) },
    });
  }
  const best = found.find((r) => r.steadyState) ?? found.at(-1);
  if (best === undefined) {
    throw new ToolOutputError(
      'ProducerPerformance',
      'no summary line ("N records sent, …")',
      output,
    );
  }
  return best;
}

export interface PerfTestResult {
  sentPerSec: number;
  receivedPerSec: number;
  /** Consumer latency as PerfTest measures it (publish to delivery), when it printed it. */
  consumerLatencyMs: { p50: number; p99: number } | null;
}

/** PerfTest's closing lines: `sending rate avg: N msg/s`, `receiving rate avg: N msg/s`. */
export function parsePerfTest(output: string): PerfTestResult {
  const rate = (what: string): number | undefined => {
    const m = new RegExp(`${what} rate avg: ([\\d.]+) msg/s`).exec(output);
    return m === null ? undefined : Number(m[1]);
  };
  const sent = rate('sending');
  const received = rate('receiving');
  if (sent === undefined || received === undefined) {
    throw new ToolOutputError('PerfTest', 'no "sending/receiving rate avg" lines', output);
  }
  // "consumer latency min/median/75th/95th/99th 2497/82350/130516/205174/228191 µs" (the last
  // such line without "time …" is the whole run's).
  const lat =
    /consumer latency min\/median\/75th\/95th\/99th (\d+)\/(\d+)\/(\d+)\/(\d+)\/(\d+) (µs|us|ms)\s*$/m;
  const lines = output.split('\n').filter((l) => !/time [\d.]+ s,/.test(l));
  const m = lines.map((l) => lat.exec(l)).findLast((x) => x !== null);
  const toMs = (v: string | undefined, unit: string | undefined): number =>
    unit === 'ms' ? Number(v) : Number(v) / 1000;
  return {
    sentPerSec: sent,
    receivedPerSec: received,
    consumerLatencyMs:
      m === undefined || m === null ? null : { p50: toMs(m[2], m[6]), p99: toMs(m[5], m[6]) },
  };
}

export interface RedisBenchmarkResult {
  /** The test's name: the command line for a custom command. */
  test: string;
  perSec: number;
  latencyMs: { avg: number; p50: number; p95: number; p99: number; max: number };
}

/** One CSV line into its fields; redis-benchmark quotes every field and doubles inner quotes. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      fields.push(value);
      if (line[i] === ',') i++;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length : end + 1;
    }
  }
  return fields;
}

/** `redis-benchmark --csv`: a header row, then one row per test (one for a custom command). */
export function parseRedisBenchmarkCsv(output: string): RedisBenchmarkResult[] {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('"'));
  const header = lines.findIndex((l) => csvFields(l)[0] === 'test');
  if (header === -1) throw new ToolOutputError('redis-benchmark', 'no CSV header', output);
  const columns = csvFields(lines[header]!);
  const col = (name: string): number => {
    const i = columns.indexOf(name);
    if (i === -1) throw new ToolOutputError('redis-benchmark', `no "${name}" column`, output);
    return i;
  };
  const at = {
    rps: col('rps'),
    avg: col('avg_latency_ms'),
    p50: col('p50_latency_ms'),
    p95: col('p95_latency_ms'),
    p99: col('p99_latency_ms'),
    max: col('max_latency_ms'),
  };
  const rows = lines
    .slice(header + 1)
    .map(csvFields)
    .filter((f) => f[0] !== 'test');
  if (rows.length === 0) throw new ToolOutputError('redis-benchmark', 'no result row', output);
  return rows.map((f) => {
    const n = (i: number): number => {
      const v = Number(f[i]);
      if (!Number.isFinite(v)) {
        throw new ToolOutputError('redis-benchmark', `"${f[i] ?? ''}" is not a number`, output);
      }
      return v;
    };
    return {
      test: f[0] ?? '',
      perSec: n(at.rps),
      latencyMs: { avg: n(at.avg), p50: n(at.p50), p95: n(at.p95), p99: n(at.p99), max: n(at.max) },
    };
  });
}
