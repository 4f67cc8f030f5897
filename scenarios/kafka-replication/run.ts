// Two producers write the same numbered workload to two RF-3 topics on a cluster of the run's
// own, one with acks=1 and one with acks=all; every partition of both is led by one node, which
// is killed mid-run (and optionally started again). Kafka's metadata shows the election and the
// ISR; at the end a fresh full read of each topic is held against what each producer was told.
import type { KafkaCluster, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { ACKS_LABEL, PRODUCERS, factKeys } from './facts.ts';
import type { ProducerName } from './facts.ts';
import { MetadataWatch } from './metadata-watch.ts';
import { clusterConfig, createTopics, unlessStopped } from './cluster-setup.ts';
import { FaultScript } from './fault-script.ts';
import type { KafkaReplicationParams } from './params.ts';
import { AcksProducer } from './producers.ts';
import { readBack } from './verify.ts';
import type { Loss } from './verify.ts';

type Ctx = RunContext<KafkaReplicationParams>;

/** The final phase's share of the 8 s finish budget. */
const SEND_DRAIN_MS = 1_500;
const READ_MS = 4_500;

export async function runKafkaReplication(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  ctx.phase('cluster start');
  const started = performance.now();
  const cluster = await unlessStopped(
    ctx.privateKafkaCluster({ config: clusterConfig(p) }),
    ctx.signal,
  );
  if (!cluster) {
    ctx.event('the run ended while its cluster was starting: nothing to compare', 'warn');
    return;
  }
  ctx.event(
    `three KRaft nodes up in ${fmt((performance.now() - started) / 1000)} s, each behind a link of its own`,
    { mark: true },
  );
  const admin = await cluster.admin();
  const topics: Record<ProducerName, string> = {
    acks1: ctx.names.topic('acks-1'),
    acksAll: ctx.names.topic('acks-all'),
  };
  await createTopics(ctx, admin, Object.values(topics));
  const kafka = cluster.client();
  const producers = PRODUCERS.map((name) => new AcksProducer(ctx, name, kafka, topics[name]));
  const watch = new MetadataWatch(ctx, cluster, Object.values(topics), topics.acksAll);
  try {
    await Promise.all(producers.map((producer) => producer.connect()));
    if (ctx.signal.aborted) return;
    ctx.phase('load');
    watch.start();
    const script = new FaultScript(ctx, cluster, watch);
    ctx.faults.at(ctx.elapsedMs() / 1000 + p.killAtSec, () => script.killLeader(topics.acksAll));
    await Promise.all(producers.map((producer) => producer.run()));

    await Promise.all(producers.map((producer) => producer.finish(SEND_DRAIN_MS)));
    await Promise.all([
      ...producers.map((producer) => account(ctx, cluster, producer, script.killAtMs)),
      script.restored(READ_MS),
    ]);
    const lost = PRODUCERS.reduce((n, name) => n + ctx.metrics.gauge(`lost.${name}`).value, 0);
    ctx.metrics.gauge('lost').set(lost);
  } finally {
    await watch.close();
    await Promise.all(producers.map((producer) => producer.disconnect()));
  }
}

/** The full read of one producer's topic, against the ids it had acknowledged. */
async function account(
  ctx: Ctx,
  cluster: KafkaCluster,
  producer: AcksProducer,
  killAtMs: number | undefined,
): Promise<void> {
  const name = producer.name;
  // A new admin: kafkajs keeps the metadata it first read, and the run's admin read it before
  // the kill (its offset requests would go to the dead leader).
  const kafka = cluster.client({ retries: 3 });
  const admin = kafka.admin();
  let loss: Loss;
  try {
    await admin.connect();
    loss = await readBack({
      kafka,
      admin,
      topic: producer.topic,
      groupId: ctx.names.group(`verify-${name}`),
      ackedAt: producer.ackedAt,
      killAtMs,
      quietMs: Math.max(300, 2 * ctx.params.followerFetchWaitMs + 200),
      withinMs: READ_MS,
    });
  } catch (error) {
    // Kafka refused the read (two nodes down: no coordinator can write the group's state).
    const message = error instanceof Error ? error.message : String(error);
    ctx.fact(factKeys.readError(name), message);
    ctx.event(`${ACKS_LABEL[name]}: the full read failed (${message}): nothing to compare`, 'warn');
    return;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  ctx.metrics.gauge(`lost.${name}`).set(loss.lost);
  ctx.fact(factKeys.acked(name), loss.acked);
  ctx.fact(factKeys.ackedBeforeKill(name), loss.ackedBeforeKill);
  ctx.fact(factKeys.found(name), loss.found);
  ctx.fact(factKeys.lostBeforeKill(name), loss.lostBeforeKill);
  ctx.fact(factKeys.lostSpanMs(name), loss.lostSpanMs);
  ctx.fact(factKeys.readComplete(name), loss.complete);
  ctx.fact(factKeys.duplicates(name), loss.duplicates);
  ctx.event(
    loss.lost === 0
      ? `${ACKS_LABEL[name]}: all ${fmt(loss.acked)} acknowledged records found by a full read`
      : `${ACKS_LABEL[name]}: ${plural(loss.lost, 'acknowledged record')} missing from a full read, acknowledged in the last ${fmt(loss.lostSpanMs)} ms before the kill`,
    { level: loss.lost === 0 ? 'info' : 'warn', mark: loss.lost > 0 },
  );
}
