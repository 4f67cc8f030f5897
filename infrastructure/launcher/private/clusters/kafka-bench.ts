// How long a run's three-node Kafka cluster takes to start and how much memory its JVMs hold
// (docs/benchmarks.md): `npx tsx infrastructure/launcher/private/clusters/kafka-bench.ts`.
// Cold: a new cluster, storage formatted first. Warm: the same three nodes stopped and started
// again over their data, right after. Each node behind a fault proxy, as in a run.
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { ProxyRegistry } from '../../../faults/index.ts';
import type { PrivateProcess } from '../private-process.ts';
import { RunInstances } from '../run-instances.ts';
import { planKafkaCluster, startKafkaNodes } from './kafka-cluster.ts';

/** Resident memory of a process in MB (VmRSS), 0 once it is gone. */
function rssMb(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const totalRss = (procs: readonly PrivateProcess[]): number =>
  procs.reduce((sum, p) => sum + rssMb(p.pid), 0);

/** Some load, so the RSS is that of a cluster at work: RF 3, acks=all. */
async function produce(brokers: string[], records: number): Promise<void> {
  const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: 'bench', numPartitions: 3, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < records; i += 100) {
    const messages = Array.from({ length: 100 }, (_, j) => ({ value: `record-${i + j}` }));
    await producer.send({ topic: 'bench', acks: -1, messages });
  }
  await producer.disconnect();
}

const proxies = new ProxyRegistry();
const run = new RunInstances(`bench-kafka-cluster-${process.pid}`);
try {
  const plan = await planKafkaCluster({
    advertise: async (id, upstream) =>
      (await proxies.create({ name: `kafka-${id}`, upstream })).port,
  });
  const brokers = plan.nodes.map((n) => `127.0.0.1:${n.advertisedPort}`);

  let t = performance.now();
  const procs = await startKafkaNodes(run, plan);
  const cold = performance.now() - t;
  const rssStarted = totalRss(procs);
  await produce(brokers, 5_000);
  const rssLoaded = totalRss(procs);

  await Promise.all(procs.map((p) => p.stop()));
  t = performance.now();
  await Promise.all(procs.map((p) => p.restart()));
  const warm = performance.now() - t;
  const rssWarm = totalRss(procs);

  const mb = (x: number): string => x.toFixed(0);
  console.log(`cold start (format + 3 JVMs, all unfenced): ${(cold / 1000).toFixed(1)} s`);
  console.log(`warm start (3 JVMs over their data, all unfenced): ${(warm / 1000).toFixed(1)} s`);
  console.log(
    `RSS of the 3 JVMs: ${mb(rssStarted)} MB started, ${mb(rssLoaded)} MB after 5,000 records (RF 3, acks=all), ${mb(rssWarm)} MB after the warm start`,
  );
} finally {
  await run.closeAll();
  await proxies.closeAll();
}
