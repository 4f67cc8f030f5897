// How long a private three-node RabbitMQ cluster takes from nothing to `cluster_status` listing
// all three running, for both ways of forming it, interleaved round by round so a noisy machine
// weighs on both alike; the first round is the cold one (the first start in this process), the
// later ones warm (each still in a fresh directory, as every run gets). Also: the RSS of the
// three beam.smp, a node's restart after SIGKILL until the cluster lists it running again, and
// closeAll (docs/benchmarks.md, docs/clusters/rabbitmq.md):
// `npx tsx infrastructure/launcher/private/clusters/rabbitmq-bench.ts [rounds]`.
import { readFileSync } from 'node:fs';
import { RunInstances } from '../run-instances.ts';
import {
  planRabbitmqCluster,
  startRabbitmqNodes,
  waitForRunningCluster,
} from './rabbitmq-cluster.ts';
import type { RabbitmqFormation } from './rabbitmq-cluster.ts';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Sample {
  formation: RabbitmqFormation;
  round: number;
  formMs: number;
  rssMb: number[];
  restartMs: number;
  closeMs: number;
}

async function sample(formation: RabbitmqFormation, round: number): Promise<Sample> {
  const run = new RunInstances(`bench-rmq-cluster-${process.pid}-${formation}-${round}`);
  try {
    let t = performance.now();
    const plan = await planRabbitmqCluster(3, { formation });
    const { processes } = await startRabbitmqNodes(run, plan);
    const formMs = performance.now() - t;
    const rss = processes.map((p) => rssMb(p.pid));
    const [seed] = plan.nodes;
    t = performance.now();
    await processes[2]!.kill();
    await processes[2]!.restart();
    await waitForRunningCluster(run, plan, seed!, 60_000);
    const restartMs = performance.now() - t;
    t = performance.now();
    await run.closeAll();
    return { formation, round, formMs, rssMb: rss, restartMs, closeMs: performance.now() - t };
  } finally {
    await run.closeAll();
  }
}

const rounds = Number(process.argv[2] ?? 3);
const samples: Sample[] = [];
for (let round = 1; round <= rounds; round++) {
  const order: RabbitmqFormation[] =
    round % 2 === 1 ? ['join', 'classic-config'] : ['classic-config', 'join'];
  for (const formation of order) {
    const s = await sample(formation, round);
    samples.push(s);
    const total = s.rssMb.reduce((a, b) => a + b, 0);
    console.log(
      `round ${round} ${formation}: formed in ${(s.formMs / 1000).toFixed(1)} s; RSS ${total.toFixed(0)} MB (${s.rssMb.map((r) => r.toFixed(0)).join(' + ')}); node 3 SIGKILLed and back in the cluster in ${(s.restartMs / 1000).toFixed(1)} s; closed in ${s.closeMs.toFixed(0)} ms`,
    );
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
for (const formation of ['join', 'classic-config'] as const) {
  const mine = samples.filter((s) => s.formation === formation);
  const warm = mine.filter((s) => s.round > 1).map((s) => s.formMs / 1000);
  console.log(
    `${formation}: cold ${((mine[0]?.formMs ?? NaN) / 1000).toFixed(1)} s, warm median ${median(warm).toFixed(1)} s (${warm.map((w) => w.toFixed(1)).join(', ')}); RSS median ${median(mine.map((s) => s.rssMb.reduce((a, b) => a + b, 0))).toFixed(0)} MB; restart median ${(median(mine.map((s) => s.restartMs)) / 1000).toFixed(1)} s`,
  );
}
