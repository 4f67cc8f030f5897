import { Partitioners } from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import type { Gauge } from '../src/sdk/recorders.ts';
import { capacityStory, countMembers } from './assignment.ts';
import { FailureLatch, withDeadline } from '../src/sdk/index.ts';
import { GroupMembers } from './group-members.ts';
import type { LagReading } from './lag.ts';
import { pollLag, readLag, withRetries } from './lag.ts';
import { partitionLagKey } from './metrics.ts';
import { LagNarrator, RebalanceNarrator } from './narration.ts';
import { PacedProducer } from './paced-producer.ts';
import type { ConsumerGroupLagParams } from './params.ts';

// The final phase stays well inside 4 s of the stop: last sends, members leaving, the last read.
const PRODUCER_FINISH_MS = 500;
const MEMBERS_STOP_MS = 1500;
const FINAL_READ_MS = 1500;

export async function runConsumerGroupLag(ctx: RunContext<ConsumerGroupLagParams>): Promise<void> {
  const { partitions } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const topic = ctx.names.topic('events');
  const groupId = ctx.names.group('workers');
  const kafka = ctx.brokers.kafka();

  const produced = ctx.metrics.counter('produced');
  const consumed = ctx.metrics.counter('consumed');
  const rebalances = ctx.metrics.counter('rebalances');
  const lagGauge = ctx.metrics.gauge('lag');
  const partitionGauges = Array.from({ length: partitions }, (_, n) =>
    ctx.metrics.gauge(partitionLagKey(n)),
  );
  const activeGauge = ctx.metrics.gauge('activeConsumers');
  const idleGauge = ctx.metrics.gauge('idleConsumers');
  const showLag = (reading: LagReading): void => setLag(reading, lagGauge, partitionGauges);

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let members: GroupMembers | undefined;
  let narrator: RebalanceNarrator | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let stopping = false;

  try {
    admin = kafka.admin();
    await admin.connect();
    const lagAdmin = admin;
    ctx.resources.topic(topic);
    ctx.resources.group(groupId);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions }],
    });
    // Leaders are elected, but a partition may not answer for a few milliseconds more.
    await withRetries(() => readLag(lagAdmin, topic, groupId, partitions), 10, 100);

    const capacity = (): string =>
      capacityStory(
        members?.assignments() ?? [],
        ctx.params.producePerSec,
        partitions,
        ctx.params.processingMs,
      );
    const updateMembers = (): void => {
      if (stopping || members === undefined) return;
      const counts = countMembers(members.assignments());
      activeGauge.set(counts.active);
      idleGauge.set(counts.idle);
    };
    const group = new GroupMembers({
      kafka,
      groupId,
      topic,
      process: async () => {
        const ms = ctx.params.processingMs;
        if (ms > 0) await ctx.sleep(ms);
        consumed.inc();
      },
      onJoin: (_member, _partitions, isLeader) => {
        // One member leads each generation, so counting leaders counts rebalances.
        if (isLeader) rebalances.inc();
        updateMembers();
        narrator?.joined();
      },
      onMembership: (change) => narrator?.cause(change),
      onWarning: (message) => ctx.event(message, 'warn'),
      onError,
    });
    members = group;
    narrator = new RebalanceNarrator(
      (m) => ctx.event(m),
      () => group.assignments(),
      capacity,
    );
    const resize = async (): Promise<void> => {
      await group.resize(ctx.params.consumers);
      updateMembers();
      // With no member left no join follows, so nothing else would narrate the change.
      if (!stopping && group.assignments().length === 0) narrator?.flush();
    };
    updateMembers();

    ctx.event(
      `topic with ${partitions} partition${partitions === 1 ? '' : 's'} created; group ${groupId} starts with ${ctx.params.consumers} member${ctx.params.consumers === 1 ? '' : 's'}`,
    );
    const lagNarrator = new LagNarrator((m) => ctx.event(m));
    poller = pollLag(
      () => readLag(lagAdmin, topic, groupId, partitions),
      polling.signal,
      (reading) => {
        showLag(reading);
        if (!stopping) lagNarrator.observe(reading.total);
      },
      (error, first) => {
        if (first) {
          ctx.event(`could not read offsets from Kafka (${errorMessage(error)}); retrying`, 'warn');
        }
      },
    ).catch(onError);

    producer = kafka.producer({
      allowAutoTopicCreation: false,
      // Messages name their partition; this only silences kafkajs's v2 partitioner notice.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const paced = new PacedProducer(producer, topic, partitions, produced, onError);

    void resize();
    ctx.onParamsChange((changed) => {
      if (stopping) return;
      if (changed.includes('consumers')) void resize();
      else if (changed.includes('producePerSec') || changed.includes('processingMs')) {
        ctx.event(capacity());
      }
    });

    await paced.run(
      ctx.pacer(() => ctx.params.producePerSec),
      ctx.signal,
      failure.failed,
    );
    failure.check();

    // Final phase: last sends, members commit and leave, then the broker's own count.
    // Members stop first: after the stop ctx.sleep returns at once, so a member left running
    // would race through its backlog and show a drain that never happened.
    stopping = true;
    await Promise.all([group.stopAll(MEMBERS_STOP_MS), paced.finish(PRODUCER_FINISH_MS)]);
    polling.abort();
    await poller;
    failure.check();
    const final = await withDeadline(
      withRetries(() => readLag(lagAdmin, topic, groupId, partitions), 3, 150),
      FINAL_READ_MS,
      'final offsets read',
    );
    showLag(final);
    ctx.fact('brokerLag', final.total);
    ctx.fact('brokerLogEnd', final.logEndTotal);
    ctx.fact('brokerCommitted', final.committedTotal);
    for (const [n, lag] of final.perPartition.entries()) ctx.fact(`brokerLag.p${n}`, lag);
    ctx.event(
      `final, from Kafka: log end ${final.logEndTotal} − committed ${final.committedTotal} = lag ${final.total}; the producer counted ${produced.total} acknowledged, the members ${consumed.total} processed`,
    );
  } finally {
    stopping = true;
    narrator?.dispose();
    polling.abort();
    await poller;
    await members?.stopAll(MEMBERS_STOP_MS);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function setLag(reading: LagReading, total: Gauge, perPartition: readonly Gauge[]): void {
  total.set(reading.total);
  for (const [n, lag] of reading.perPartition.entries()) perPartition[n]?.set(lag);
}
