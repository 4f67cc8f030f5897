// `npm run bench`: measures, side by side in one run, the playground's Redis load loop against
// redis-benchmark and the cost of recording metrics, and writes docs/benchmarks.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { runRedisLoad } from './redis-load.ts';
import type { LoadResult } from './redis-load.ts';
import { runIoredisLoad } from './ioredis-load.ts';
import { runRedisBenchmark } from './redis-benchmark.ts';
import { recorderCpuUsPerBatch } from './recorder-cost.ts';

const config = loadConfig();
const url = new URL(config.redisUrl);
const host = url.hostname;
const port = Number(url.port || 6379);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// Request counts give each measurement a few seconds; the ioredis reference gets fewer because
// it is several times slower and only has to show its order of magnitude.
const cases = [
  { clients: 50, pipeline: 1, requests: 100_000, ioredisRequests: 60_000 },
  { clients: 50, pipeline: 16, requests: 1_600_000, ioredisRequests: 160_000 },
];
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const TARGET_RATIO = 0.7;
const TARGET_OVERHEAD = 0.05;

interface Row {
  clients: number;
  pipeline: number;
  benchmark: number;
  playground: number;
  ioredis: number;
  unrecorded: number;
  /** Per round, playground ÷ redis-benchmark of that round. */
  ratios: number[];
  ioredisRatios: number[];
  /** Per round, recorded ÷ not-recorded CPU per op, minus one. */
  overheads: number[];
  cpuBenchmark: number;
  cpuRecorded: number;
  cpuUnrecorded: number;
  recorderUsPerBatch: number;
}
const rows: Row[] = [];
for (const c of cases) {
  const col = {
    bench: [] as number[],
    rec: [] as number[],
    unrec: [] as number[],
    io: [] as number[],
    cpuBench: [] as number[],
    cpuRec: [] as number[],
    cpuUnrec: [] as number[],
  };
  const ratios: number[] = [];
  const ioredisRatios: number[] = [];
  const overheads: number[] = [];
  // Interleaved rounds, so drift in the machine's load hits every column alike.
  for (let r = 0; r < rounds; r++) {
    const base = {
      redisUrl: config.redisUrl,
      keyPrefix: `pg:bench${process.pid}:`,
      clients: c.clients,
      pipeline: c.pipeline,
      requests: c.requests,
    };
    const b = runRedisBenchmark(host, port, c.clients, c.pipeline, c.requests);
    // Alternate which of the pair goes first, so neither always runs on a warmer machine.
    let withRec: LoadResult;
    let without: LoadResult;
    if (r % 2 === 0) {
      withRec = await runRedisLoad({ ...base, record: true });
      without = await runRedisLoad({ ...base, record: false });
    } else {
      without = await runRedisLoad({ ...base, record: false });
      withRec = await runRedisLoad({ ...base, record: true });
    }
    const viaIoredis = await runIoredisLoad({
      ...base,
      keyPrefix: `pg:bench${process.pid}:ioredis:`,
      requests: c.ioredisRequests,
      record: true,
    });
    col.bench.push(b.opsPerSec);
    col.rec.push(withRec.opsPerSec);
    col.unrec.push(without.opsPerSec);
    col.io.push(viaIoredis.opsPerSec);
    if (b.cpuMsPerKOp !== undefined) col.cpuBench.push(b.cpuMsPerKOp);
    col.cpuRec.push(withRec.cpuMsPerKOp);
    col.cpuUnrec.push(without.cpuMsPerKOp);
    ratios.push(withRec.opsPerSec / b.opsPerSec);
    ioredisRatios.push(viaIoredis.opsPerSec / b.opsPerSec);
    overheads.push(withRec.cpuMsPerKOp / without.cpuMsPerKOp - 1);
    process.stdout.write(
      `clients ${c.clients}, pipeline ${c.pipeline}, round ${r + 1}/${rounds}: ` +
        `redis-benchmark ${b.opsPerSec}, driver ${withRec.opsPerSec} (${(withRec.opsPerSec / b.opsPerSec).toFixed(2)}), ` +
        `unrecorded ${without.opsPerSec}, ioredis ${viaIoredis.opsPerSec}; CPU ms/1000 ops: ` +
        `redis-benchmark ${b.cpuMsPerKOp?.toFixed(2) ?? 'n/a'}, driver ${withRec.cpuMsPerKOp.toFixed(2)} ` +
        `recorded vs ${without.cpuMsPerKOp.toFixed(2)} not\n`,
    );
  }
  rows.push({
    clients: c.clients,
    pipeline: c.pipeline,
    benchmark: median(col.bench),
    playground: median(col.rec),
    ioredis: median(col.io),
    unrecorded: median(col.unrec),
    ratios,
    ioredisRatios,
    overheads,
    cpuBenchmark: median(col.cpuBench),
    cpuRecorded: median(col.cpuRec),
    cpuUnrecorded: median(col.cpuUnrec),
    recorderUsPerBatch: recorderCpuUsPerBatch(c.pipeline),
  });
}

const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const range = (xs: number[], f: (x: number) => string): string =>
  `${f(Math.min(...xs))} to ${f(Math.max(...xs))}`;
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');
// The isolated estimate: what recording adds per batch, over what a batch costs unrecorded.
const isolated = (r: Row): number => r.recorderUsPerBatch / (r.cpuUnrecorded * r.pipeline);
const section = [
  '## Redis load loop and metrics pipeline',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, Redis at ${host}:${port}, with the load generator, redis-benchmark and Redis sharing the machine. Each cell is the median of ${rounds} interleaved rounds; the columns of a row ran side by side in the same rounds, and each ratio is the median of the per-round ratios (their range in brackets), so ratios hold on a noisy machine while the absolute numbers do not.`,
  '',
  `(a) The playground's load loop — the bench's RESP driver (\`playground-server/bench/redis-load/\`: one raw socket per client, each client's batch of SET/GET commands encoded once, replies counted in a reused buffer), paced by the SDK pacer (unthrottled) and recording into the SDK's recorders — against \`redis-benchmark -t set,get\` with the same clients, pipelining and 3-byte value. The ioredis columns are the same loop written on ioredis, for reference: it is why the driver exists. Target: ratio ≥ ${TARGET_RATIO}.`,
  '',
  '| clients | pipeline | redis-benchmark ops/s | playground ops/s | ratio | meets target | ioredis loop ops/s | ioredis ratio |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.clients} | ${r.pipeline} | ${r.benchmark} | ${r.playground} | ${fixed(median(r.ratios))} (${range(r.ratios, fixed)}) | ${yes(median(r.ratios) >= TARGET_RATIO)} | ${r.ioredis} | ${fixed(median(r.ioredisRatios))} (${range(r.ioredisRatios, fixed)}) |`,
  ),
  '',
  "The load generators' own CPU per 1000 operations (user plus system; redis-benchmark's read from /proc/self/stat as a reaped child), which is steadier than throughput on a shared machine: at equal cost per operation, the ratio is set by the broker and the machine's other load, not by the playground.",
  '',
  '| clients | pipeline | redis-benchmark CPU ms / 1000 ops | playground CPU ms / 1000 ops |',
  '| --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.clients} | ${r.pipeline} | ${fixed(r.cpuBenchmark, 3)} | ${fixed(r.cpuRecorded, 3)} |`,
  ),
  '',
  `(b) The cost of the metrics pipeline: per batch, two clock reads, one HDR histogram record of the batch's round trip and one counter increment, and the histogram folded every 250 ms as the frame ticker does. Target: < ${TARGET_OVERHEAD * 100}% of the loop's CPU. "End to end" runs the driver with and without recording (median of per-round paired differences, range in brackets); on a shared 2-core machine that difference is within the noise, so "isolated" times the same recording work alone (2 million batches) and divides it by the unrecorded CPU per batch.`,
  '',
  '| clients | pipeline | ops/s recorded | ops/s not recorded | CPU ms / 1000 ops recorded | not recorded | end to end | recording µs / batch | isolated | meets target |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.clients} | ${r.pipeline} | ${r.playground} | ${r.unrecorded} | ${fixed(r.cpuRecorded, 3)} | ${fixed(r.cpuUnrecorded, 3)} | ${pct(median(r.overheads))} (${range(r.overheads, pct)}) | ${fixed(r.recorderUsPerBatch, 3)} | ${pct(isolated(r))} | ${yes(isolated(r) < TARGET_OVERHEAD)} |`,
  ),
  '',
].join('\n');

const file = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const header =
  '# Benchmarks\n\nEvery number here was produced by the command named in its section, on the machine it names.\n\n';
let doc = existsSync(file) ? readFileSync(file, 'utf8') : header;
const start = doc.indexOf('## Redis load loop and metrics pipeline');
if (start >= 0) {
  const next = doc.indexOf('\n## ', start + 1);
  doc = doc.slice(0, start) + section + (next >= 0 ? `\n${doc.slice(next + 1)}` : '');
} else {
  doc = `${doc.trimEnd()}\n\n${section}`;
}
writeFileSync(file, doc.endsWith('\n') ? doc : `${doc}\n`);
process.stdout.write(`${section}\nwritten to docs/benchmarks.md\n`);
