// A server with the lab's routes on a fake runner: each target's "run" emits progress and a
// sample every few milliseconds until its time is up or the comparison is stopped, then reports
// numbers made from the target's position, so a test knows what every chart should show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import labRoutes from '../src/routes/lab.ts';
import { LabStore } from '../../scenarios/src/lab/store.ts';
import type {
  LabTargetInfo,
  RunComparison,
  RunComparisonOptions,
} from '../src/plugins/lab-queue.ts';
import type {
  LatencyReport,
  TargetId,
  TargetResult,
  Workload,
} from '../../scenarios/src/sdk/lab-schemas.ts';
import type { Harness } from './app-harness.ts';

/** Two targets that can run and say what they cannot; pub/sub refuses a backlog. */
export const FAKE_TARGETS: LabTargetInfo[] = [
  {
    id: 'redis-streams',
    title: 'Redis Streams',
    plan: (w) => ({
      mapping: [`${w.topics} topic(s) → stream keys`, 'subscriptions → consumer groups'],
      cannot: w.durability.fsync ? ['fsync per write: the shared Redis decides'] : [],
    }),
  },
  {
    id: 'redis-pubsub',
    title: 'Redis Pub/Sub',
    plan: (w) => ({
      mapping: ['topics → channels'],
      cannot: ['pub/sub keeps nothing: no persistence, no replay'],
      ...(w.backlog ? { unsupported: 'a backlog needs messages kept until read' } : {}),
    }),
  },
  {
    id: 'kafka',
    title: 'Kafka',
    plan: () => ({ mapping: ['topics → topics', 'partitions → partitions'], cannot: [] }),
  },
];

/** Percentiles in ms that grow with the target's position, so the lines do not cross. */
function latency(scale: number): LatencyReport {
  const points = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100];
  const at = (p: number): number => scale * (1 + p / 20) * (p > 99 ? 3 : 1);
  return {
    count: 1000,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
    mean: at(50),
    distribution: points.map((percentile) => ({ percentile, ms: at(percentile) })),
  };
}

export interface FakeRunnerOptions {
  /** How long each target "runs". */
  perTargetMs: number;
  /** Called with every comparison the runner is given. */
  seen?: (options: RunComparisonOptions) => void;
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function fakeRunner({ perTargetMs, seen }: FakeRunnerOptions): RunComparison {
  return async (options) => {
    seen?.(options);
    const { workload, signal } = options;
    const startedAt = new Date().toISOString();
    const results: TargetResult[] = [];
    for (const [i, id] of options.targets.entries()) {
      const info = FAKE_TARGETS.find((t) => t.id === id);
      const plan = info?.plan(workload) ?? { mapping: [], cannot: [] };
      if (plan.unsupported !== undefined) {
        results.push({ ...result(id, info?.title ?? id, workload, 'unsupported', i), plan });
        continue;
      }
      const began = Date.now();
      let n = 0;
      while (Date.now() - began < perTargetMs && !signal.aborted) {
        const t = Date.now() - began;
        options.onProgress({
          comparison: 'runner-own-id',
          target: id,
          index: i + 1,
          of: options.targets.length,
          phase: 'measure',
          elapsedSec: t / 1000,
          totalSec: perTargetMs / 1000,
          message: `${id}: measuring`,
        });
        options.onSample({
          target: id,
          t,
          phase: 'measure',
          publishPerSec: 1000 * (i + 1) + n,
          consumePerSec: 1000 * (i + 1),
          backlog: n % 5,
          publishP99Ms: 2 * (i + 1),
          endToEndP99Ms: 3 * (i + 1),
          brokerCpuPercent: 40,
          brokerRssMb: 120,
        });
        n += 1;
        await tick(50);
      }
      const status = signal.aborted ? 'stopped' : 'completed';
      results.push({ ...result(id, info?.title ?? id, workload, status, i), plan });
      if (signal.aborted) break;
    }
    return {
      id: 'runner-own-id',
      workload,
      startedAt,
      endedAt: new Date().toISOString(),
      state: signal.aborted ? 'stopped' : 'completed',
      machine: { cpus: 2, cpuModel: 'test', memoryGb: 4, node: process.version },
      targets: results,
    };
  };
}

function result(
  target: TargetId,
  title: string,
  workload: Workload,
  status: TargetResult['status'],
  i: number,
): TargetResult {
  const ran = status !== 'unsupported';
  const perSec = ran ? 10_000 * (i + 1) : 0;
  return {
    target,
    title,
    plan: { mapping: [], cannot: [] },
    status,
    measuredSec: ran ? workload.testDurationSeconds : 0,
    publish: {
      messages: perSec * workload.testDurationSeconds,
      perSec,
      mbPerSec: (perSec * workload.messageSize) / 1e6,
      errors: 0,
    },
    consume: {
      messages: perSec * workload.testDurationSeconds,
      perSec,
      mbPerSec: (perSec * workload.messageSize) / 1e6,
    },
    publishLatency: ran ? latency(i + 1) : null,
    endToEndLatency: ran ? latency(2 * (i + 1)) : null,
    backlogMax: ran ? 4 : 0,
    drainMs: null,
    resources: ran
      ? [{ name: 'redis-server', pid: 1234, cpuPercentAvg: 40, cpuPercentMax: 80, rssMbMax: 120 }]
      : [],
    orderingViolations: null,
    losses: ran ? 0 : null,
    duplicates: ran ? 0 : null,
    samples: [],
  };
}

/** A real server on a free port with the lab routes on `runComparison` and a memory store. */
export async function startLabServer(
  runComparison: RunComparison,
  env: Record<string, string> = {},
): Promise<Harness & { store: LabStore }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'playground-lab-test-'));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const store = new LabStore(':memory:');
  const lab = { runComparison, store, targets: FAKE_TARGETS };
  // `lab` reaches the routes once app.ts passes BuildOptions.lab on; until app.ts registers the
  // lab at all, the test does.
  const options = { healthIntervalMs: 2000, stateDir, logger: false, lab };
  const app = await buildApp(config, options);
  if (!app.hasRoute({ method: 'GET', url: '/api/lab/workloads' })) {
    await app.register(labRoutes, { prefix: '/api/lab', ...lab });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    app,
    store,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      store.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
