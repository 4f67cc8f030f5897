// How long each Redis cluster takes to start (links, processes, replication or cluster create,
// until it is ready for a run), and the memory of all its processes (docs/benchmarks.md):
// `npx tsx infrastructure/launcher/private/clusters/redis-bench.ts`. Cold: the first start in a
// fresh directory; warm: a second start right after.
import { execFileSync } from 'node:child_process';
import { RunInstances } from '../run-instances.ts';
import { RunFaults } from '../../../../scenarios/src/engine/faults.ts';
import { startRedisSentinel } from '../../../../scenarios/src/engine/clusters/redis-sentinel.ts';
import { startRedisCluster } from '../../../../scenarios/src/engine/clusters/redis-cluster.ts';
import type { ClusterStartContext } from '../../../../scenarios/src/engine/clusters/cluster-context.ts';

interface Measure {
  startMs: number;
  rssMb: number;
  processes: number;
  closeMs: number;
}

/** Total resident memory of the processes, as ps reports it (KB), in MB. */
function rssMb(pids: number[]): number {
  const out = execFileSync('ps', ['-o', 'rss=', '-p', pids.join(',')]).toString();
  const kb = out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0)
    .reduce((a, b) => a + b, 0);
  return kb / 1024;
}

async function measure(
  label: string,
  start: (ctx: ClusterStartContext) => Promise<unknown>,
): Promise<Measure> {
  const runId = `bench-${label}-${process.pid}-${Date.now()}`;
  const instances = new RunInstances(runId);
  const faults = new RunFaults(
    runId,
    () => undefined,
    () => true,
    () => 0,
  );
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const t = performance.now();
    await start({
      runId,
      clientName: `playground-${runId}`,
      instances,
      faults,
      onClose: (close) => closers.push(close),
      progress: () => undefined,
    });
    const startMs = performance.now() - t;
    const pids = faults.view().nodes.map((n) => n.pid);
    const rss = rssMb(pids);
    const c = performance.now();
    for (const close of closers) await close();
    await instances.closeAll();
    return { startMs, rssMb: rss, processes: pids.length, closeMs: performance.now() - c };
  } finally {
    await instances.closeAll();
    await faults.closeAll();
  }
}

const clusters = {
  'redis-sentinel (1 primary, 2 replicas, 3 Sentinels)': (ctx: ClusterStartContext) =>
    startRedisSentinel(ctx, {}),
  'redis-cluster (3 primaries, 3 replicas)': (ctx: ClusterStartContext) =>
    startRedisCluster(ctx, {}),
};
for (const [name, start] of Object.entries(clusters)) {
  const cold = await measure('cold', start);
  const warm = await measure('warm', start);
  console.log(name);
  for (const [label, m] of [
    ['cold', cold],
    ['warm', warm],
  ] as const) {
    console.log(
      `  ${label}: start ${m.startMs.toFixed(0)} ms, RSS ${m.rssMb.toFixed(1)} MB over ${m.processes} processes, close ${m.closeMs.toFixed(0)} ms`,
    );
  }
}
