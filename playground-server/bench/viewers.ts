// `npx tsx playground-server/bench/viewers.ts [--viewers 200] [--phase 20] [--scenario cache-aside]`:
// what live viewers cost the server and how late their frames arrive. It starts the real server as
// a child process, starts one run, and measures three phases of the same run side by side: no
// viewers, `--viewers` Socket.IO viewers (each on its own WebSocket) joined to the run, and no
// viewers again. The viewers' cost is the middle phase's server CPU minus the mean of the two
// around it, so drift in the machine's other load does not land on the viewers.
//
// Latency needs nothing from the server beyond what it sends: a frame's t is the run's monotonic
// clock at the tick, counted from the moment `startedAt` was read, so startedAt + t is the tick's
// wall time, and client and server share this machine's clock. The error is startedAt's
// millisecond truncation and t's rounding: from -0.5 to +1.5 ms, which the minimum shows.
import { parseArgs } from 'node:util';
import { cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { cpuSeconds, machineSeconds, rssBytes } from './viewers/proc.ts';
import { request, startServer } from './viewers/server.ts';
import type { ChildServer } from './viewers/server.ts';
import { mean, quantile, slope } from './viewers/stats.ts';

const { values: argv } = parseArgs({
  options: {
    viewers: { type: 'string', default: '200' },
    phase: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'cache-aside' },
  },
});
function intArg(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return n;
}
const VIEWERS = intArg('viewers', argv.viewers, 1, 2000);
const PHASE_SEC = intArg('phase', argv.phase, 5, 600);
const SCENARIO = argv.scenario;
if (!['cache-aside', 'rate-limiting'].includes(SCENARIO)) {
  throw new Error('--scenario must be cache-aside or rate-limiting (they need only Redis)');
}
const BAR_LATENCY_MS = 250;
const BAR_CORES = 0.5;
const WARMUP_MS = 5000;
const SETTLE_MS = 2000;
/** After a phase, how long late frames may still arrive before the viewers leave. */
const GRACE_MS = 1500;
const CONNECT_BATCH = 25;
/** Long enough for three phases, connecting and settling; the run is stopped at the end anyway. */
const DURATION_SEC = 3 * PHASE_SEC + 60;
/** Everything, server start to server stop, ends within this or the benchmark gives up. */
const BUDGET_MS = (3 * PHASE_SEC + 240) * 1000;

interface Frame {
  t: number;
  values: Record<string, number>;
}
interface RunView {
  id: string;
  state: string;
  startedAt: string;
  params: Record<string, unknown>;
}
interface Viewer {
  socket: Socket;
  /** Frame t → wall time it arrived (ms since the epoch, sub-millisecond). */
  arrived: Map<number, number>;
  duplicates: number;
  disconnected: boolean;
}
interface Sample {
  at: number;
  cpu: number;
  rss: number;
  busy: number;
}
interface Phase {
  label: string;
  viewers: number;
  /** Wall-clock bounds of the measured window. */
  from: number;
  to: number;
  samples: Sample[];
  cores: number;
  machineCores: number;
  benchCores: number;
  heapUsed: [number, number];
  sockets: [number, number];
}

const wallNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const MB = 1024 * 1024;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

let server: ChildServer | undefined;
let runId: string | undefined;
const viewers: Viewer[] = [];

async function scrape(): Promise<{ heapUsed: number; sockets: number }> {
  if (!server) throw new Error('no server');
  const res = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  const read = (name: string): number => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  return {
    heapUsed: read('playground_process_nodejs_heap_size_used_bytes'),
    sockets: read('playground_socket_clients'),
  };
}

function sample(pid: number): Sample {
  return { at: wallNow(), cpu: cpuSeconds(pid), rss: rssBytes(pid), busy: machineSeconds().busy };
}

/** One measured window: server CPU and RSS every second, heap and sockets at both ends. */
async function measure(label: string, viewerCount: number): Promise<Phase> {
  if (!server) throw new Error('no server');
  const pid = server.pid;
  // Scraped outside the window, so the scrape's own cost is not counted.
  const before = await scrape();
  const bench0 = process.cpuUsage();
  const samples = [sample(pid)];
  const start = samples[0]?.at ?? wallNow();
  for (let i = 1; i <= PHASE_SEC; i++) {
    await sleep(start + i * 1000 - wallNow());
    samples.push(sample(pid));
  }
  const bench = process.cpuUsage(bench0);
  const after = await scrape();
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) throw new Error('no samples');
  const seconds = (last.at - first.at) / 1000;
  return {
    label,
    viewers: viewerCount,
    from: first.at,
    to: last.at,
    samples,
    cores: (last.cpu - first.cpu) / seconds,
    machineCores: (last.busy - first.busy) / seconds,
    benchCores: (bench.user + bench.system) / 1e6 / seconds,
    heapUsed: [before.heapUsed, after.heapUsed],
    sockets: [before.sockets, after.sockets],
  };
}

async function connectViewer(url: string, run: string): Promise<Viewer> {
  // forceNew: without it socket.io-client multiplexes every viewer over one connection.
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 10_000,
  });
  const viewer: Viewer = { socket, arrived: new Map(), duplicates: 0, disconnected: false };
  viewers.push(viewer);
  socket.on('run:frame', (frame: { runId: string; t: number }) => {
    const at = wallNow();
    if (frame.runId !== run) return;
    if (viewer.arrived.has(frame.t)) viewer.duplicates++;
    else viewer.arrived.set(frame.t, at);
  });
  socket.on('disconnect', () => {
    viewer.disconnected = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  const ack = (await socket.timeout(10_000).emitWithAck('run:join', { runId: run })) as {
    ok: boolean;
    error?: string;
  };
  if (!ack.ok) throw new Error(`run:join refused: ${ack.error ?? 'no reason'}`);
  return viewer;
}

let cleaned: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const v of viewers) v.socket.disconnect();
    if (server && runId) {
      await request(`${server.url}/api/runs/${runId}/stop`, {
        method: 'POST',
        timeoutMs: 20_000,
      }).catch((error: unknown) => log(`stopping the run: ${(error as Error).message}`));
    }
    await server?.stop();
  })();
  return cleaned;
}

const fixed = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const mb = (bytes: number): string => fixed(bytes / MB, 1);
const p2 = (xs: [number, number]): string => `${xs[0]} → ${xs[1]}`;

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
  log(`viewers benchmark: ${machine}; load average ${loadavg().map((x) => x.toFixed(2))}`);
  server = await startServer();
  log(`server ${server.url}, pid ${server.pid}`);
  const url = server.url;

  const run = await request<RunView>(`${url}/api/runs`, {
    method: 'POST',
    body: { scenario: SCENARIO, durationSec: DURATION_SEC },
  });
  runId = run.id;
  const startedAt = Date.parse(run.startedAt);
  log(`run ${run.id}: ${SCENARIO} ${JSON.stringify(run.params)}, ${DURATION_SEC} s`);
  await sleep(WARMUP_MS);

  const phases: Phase[] = [];
  log(`phase 1: no viewers, ${PHASE_SEC} s`);
  phases.push(await measure('no viewers (before)', 0));

  log(`connecting ${VIEWERS} viewers`);
  const connectStart = wallNow();
  for (let i = 0; i < VIEWERS; i += CONNECT_BATCH) {
    const batch = Math.min(CONNECT_BATCH, VIEWERS - i);
    await Promise.all(Array.from({ length: batch }, () => connectViewer(url, run.id)));
  }
  const connectMs = wallNow() - connectStart;
  await sleep(SETTLE_MS);
  log(`phase 2: ${VIEWERS} viewers, ${PHASE_SEC} s`);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const loaded = await measure(`${VIEWERS} viewers`, VIEWERS);
  loopDelay.disable();
  phases.push(loaded);
  await sleep(GRACE_MS);
  const disconnectedEarly = viewers.filter((v) => v.disconnected).length;
  for (const v of viewers) v.socket.disconnect();

  await sleep(SETTLE_MS);
  log(`phase 3: no viewers, ${PHASE_SEC} s`);
  phases.push(await measure('no viewers (after)', 0));
  const still = await request<RunView>(`${url}/api/runs/${run.id}`);
  if (still.state !== 'running') throw new Error(`the run ended (${still.state}) mid-measurement`);
  // The server's own record of every tick, fetched once all three windows are over.
  const { frames } = await request<{ frames: Frame[] }>(`${url}/api/runs/${run.id}/frames`);

  // Delivery: every frame the server ticked in the loaded window, against every viewer.
  const tFrom = loaded.from - startedAt;
  const tTo = loaded.to - startedAt;
  const expected = frames.filter((f) => f.t >= tFrom && f.t < tTo);
  const latencies: number[] = [];
  const lastViewer: number[] = [];
  let received = 0;
  const perViewer: number[] = [];
  for (const f of expected) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const v of viewers) {
      const at = v.arrived.get(f.t);
      if (at === undefined) continue;
      const lag = at - (startedAt + f.t);
      latencies.push(lag);
      latest = Math.max(latest, lag);
    }
    if (latest > Number.NEGATIVE_INFINITY) lastViewer.push(latest);
  }
  for (const v of viewers) {
    const got = expected.filter((f) => v.arrived.has(f.t)).length;
    perViewer.push(got);
    received += got;
  }
  latencies.sort((a, b) => a - b);
  lastViewer.sort((a, b) => a - b);
  perViewer.sort((a, b) => a - b);
  const windowSec = (loaded.to - loaded.from) / 1000;
  const expectedTotal = expected.length * viewers.length;
  const dropped = expectedTotal - received;
  const over = latencies.filter((x) => x > BAR_LATENCY_MS).length;
  const frameBytes = mean(
    expected.map((f) => `42${JSON.stringify(['run:frame', { runId: run.id, ...f }])}`.length),
  );
  // Tick regularity per phase, from the server's own frames: viewers must not delay the tick.
  const tickGaps = (p: Phase): number[] => {
    const ts = frames
      .map((f) => f.t)
      .filter((t) => t >= p.from - startedAt && t < p.to - startedAt);
    return ts.slice(1).map((t, i) => t - (ts[i] ?? t));
  };

  const baseline = mean([phases[0]?.cores ?? Number.NaN, phases[2]?.cores ?? Number.NaN]);
  const cost = loaded.cores - baseline;
  const rssTrend = (p: Phase): number =>
    slope(p.samples.map((s) => ({ x: (s.at - p.from) / 60_000, y: s.rss / MB })));

  log('');
  log(
    `connect + join of ${VIEWERS} viewers: ${fixed(connectMs / 1000, 1)} s; ` +
      `frame ≈ ${Math.round(frameBytes)} bytes as sent; ${frames.length} frames in the run so far`,
  );
  log('');
  log(
    '| phase | server CPU, cores | server RSS start → end (max), MB | RSS trend, MB/min | server heap used start → end, MB | tick gap mean / max, ms | machine busy, cores (all processes) | benchmark process, cores |',
  );
  log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const p of phases) {
    const rss = p.samples.map((s) => s.rss);
    const gaps = tickGaps(p);
    log(
      `| ${p.label} | ${fixed(p.cores, 3)} | ${mb(rss[0] ?? Number.NaN)} → ${mb(rss.at(-1) ?? Number.NaN)} (${mb(Math.max(...rss))}) | ${fixed(rssTrend(p), 1)} | ${mb(p.heapUsed[0])} → ${mb(p.heapUsed[1])} | ${fixed(mean(gaps), 1)} / ${fixed(Math.max(...gaps), 0)} | ${fixed(p.machineCores, 2)} | ${fixed(p.benchCores, 3)} |`,
    );
  }
  log('');
  log(
    `viewers' cost: ${fixed(loaded.cores, 3)} − ${fixed(baseline, 3)} = ${fixed(cost, 3)} cores ` +
      `(bar < ${BAR_CORES}: ${cost < BAR_CORES ? 'met' : 'MISSED'}); ` +
      `sockets on the server ${p2(loaded.sockets)} during, ${p2(phases[2]?.sockets ?? [NaN, NaN])} after`,
  );
  const endRss = (p: Phase | undefined): number => p?.samples.at(-1)?.rss ?? Number.NaN;
  const [before, , after] = phases;
  log(
    `memory: server RSS ${mb(endRss(before))} MB at the end of the first phase, ` +
      `${mb(endRss(after))} MB at the end of the last (${fixed((endRss(after) - endRss(before)) / MB, 1)} MB over ` +
      `${fixed(((after?.to ?? NaN) - (before?.to ?? NaN)) / 1000, 0)} s, ${VIEWERS} viewers joined and left between); ` +
      `RSS trend before / during / after: ${phases.map((p) => fixed(rssTrend(p), 1)).join(' / ')} MB/min`,
  );
  log('');
  log(
    '| viewers | window, s | frames ticked | frames / viewer / s (min viewer) | delivered / expected | dropped | latency p50 / p99 / max, ms | last viewer per frame p50 / p99 / max, ms | min, ms | over 250 ms |',
  );
  log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  log(
    `| ${viewers.length} | ${fixed(windowSec, 1)} | ${expected.length} | ${fixed(mean(perViewer) / windowSec, 2)} (${fixed((perViewer[0] ?? 0) / windowSec, 2)}) | ${received} / ${expectedTotal} | ${dropped} | ${fixed(quantile(latencies, 0.5))} / ${fixed(quantile(latencies, 0.99))} / ${fixed(quantile(latencies, 1))} | ${fixed(quantile(lastViewer, 0.5))} / ${fixed(quantile(lastViewer, 0.99))} / ${fixed(quantile(lastViewer, 1))} | ${fixed(quantile(latencies, 0), 2)} | ${over} |`,
  );
  log('');
  log(
    `duplicates ${viewers.reduce((a, v) => a + v.duplicates, 0)}; viewers disconnected early ${disconnectedEarly}; ` +
      `benchmark event-loop delay p99 ${fixed(loopDelay.percentile(99) / 1e6)} ms, max ${fixed(loopDelay.max / 1e6)} ms`,
  );
  log(
    `latency bar (every frame within ${BAR_LATENCY_MS} ms): ${over === 0 ? 'met' : 'MISSED'}; frames dropped: ${dropped}`,
  );
}

const watchdog = setTimeout(() => {
  log(`gave up after ${BUDGET_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, BUDGET_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
let code = 0;
try {
  await main();
} catch (error) {
  log(
    `viewers benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  code = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(code);
