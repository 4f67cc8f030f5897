import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import { FailureLatch, withDeadline } from '../src/sdk/index.ts';
import {
  GroupMembers,
  PacedProducer,
  RebalanceNarrator,
  countMembers,
  createTopic,
  newProducer,
  pollLag,
  readLag,
  withRetries,
} from '../src/sdk/kafka/index.ts';
import type { LagReading } from '../src/sdk/kafka/index.ts';
import { capacityStory } from './capacity.ts';
import { factKeys } from './facts.ts';
import { partitionLagKey, partitionOwnerKey } from './metrics.ts';
import { LagNarrator } from './narration.ts';
import type { ConsumerGroupLagParams } from './params.ts';

// The final phase stays well inside 4 s of the stop: last sends, members leaving, the last read.
const PRODUCER_FINISH_MS = 500;
const MEMBERS_STOP_MS = 1500;
const FINAL_READ_MS = 1500;
// The lag chart moves with every tick (4 per second).
const LAG_POLL_MS = 250;

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
  const ownerGauges = Array.from({ length: partitions }, (_, n) =>
    ctx.metrics.gauge(partitionOwnerKey(n)),
  );
  const activeGauge = ctx.metrics.gauge('activeConsumers');
  const idleGauge = ctx.metrics.gauge('idleConsumers');
  // The group reads from the beginning, so a partition it has not committed yet owes its whole
  // log: the backlog, which is the tool's lag once the group has committed.
  const showLag = (reading: LagReading): void => {
    lagGauge.set(reading.backlog);
    for (const p of reading.partitions) partitionGauges[p.partition]?.set(p.backlog);
  };

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let narrator: RebalanceNarrator | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let stopping = false;

  const group = new GroupMembers({
    kafka,
    groupId,
    topic,
    processingMs: () => ctx.params.processingMs,
    sleep: (ms) => ctx.sleep(ms),
    onProcessed: () => consumed.inc(),
    onJoin: ({ isLeader }) => {
      // One member leads each generation, so counting leaders counts rebalances.
      if (isLeader) rebalances.inc();
      updateMembers();
      narrator?.joined();
    },
    onMembership: (change) => {
      // A join or a leave is where the lag chart turns: a line on every chart (not at the end,
      // when every member leaves as part of the drain).
      if (!stopping) ctx.mark(change);
      narrator?.cause(change);
    },
    onWarning: (message) => ctx.event(message, 'warn'),
    onError,
  });
  const updateMembers = (): void => {
    if (stopping) return;
    const assignments = group.assignments();
    const counts = countMembers(assignments);
    activeGauge.set(counts.active);
    idleGauge.set(counts.idle);
    // Who owns what, as the group dealt it out: the topology draws member → partition from it.
    const owner = new Array<number>(partitions).fill(0);
    for (const member of assignments) {
      const number = Number(/(\d+)$/.exec(member.name)?.[1] ?? 0);
      for (const p of member.partitions ?? []) if (p < partitions) owner[p] = number;
    }
    owner.forEach((n, p) => ownerGauges[p]?.set(n));
  };
  const capacity = (): string =>
    capacityStory(
      group.assignments(),
      ctx.params.producePerSec,
      partitions,
      ctx.params.processingMs,
    );

  try {
    admin = kafka.admin();
    await admin.connect();
    const lagAdmin = admin;
    ctx.resources.topic(topic);
    ctx.resources.group(groupId);
    await createTopic(admin, topic, partitions);

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
    poller = pollLag({
      read: () => readLag(lagAdmin, topic, groupId),
      signal: polling.signal,
      everyMs: LAG_POLL_MS,
      onReading: (reading) => {
        showLag(reading);
        if (!stopping) lagNarrator.observe(reading.backlog);
      },
      onMiss: (error, first) => {
        if (first) {
          ctx.event(`could not read offsets from Kafka (${errorMessage(error)}); retrying`, 'warn');
        }
      },
    }).catch(onError);

    producer = newProducer(kafka);
    await producer.connect();
    const paced = new PacedProducer({ producer, topic, partitions, acked: produced, onError });

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
      withRetries(() => readLag(lagAdmin, topic, groupId), { tries: 3, delayMs: 150 }),
      FINAL_READ_MS,
      'final offsets read',
    );
    showLag(final);
    recordFacts(ctx, final, paced.ackedByPartition, group);
    ctx.event(
      `final, from Kafka: log end ${final.logEndTotal} − committed ${final.committedTotal} = lag ${final.backlog}; the producer counted ${produced.total} acknowledged, the members ${consumed.total} processed`,
    );
  } finally {
    stopping = true;
    narrator?.dispose();
    polling.abort();
    await poller;
    await group.stopAll(MEMBERS_STOP_MS);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}

/** Kafka's final offsets next to the clients' own counts, per partition, for the checks. */
function recordFacts(
  ctx: RunContext<ConsumerGroupLagParams>,
  final: LagReading,
  acked: readonly number[],
  group: GroupMembers,
): void {
  ctx.fact('brokerLag', final.backlog);
  ctx.fact('brokerLogEnd', final.logEndTotal);
  ctx.fact('brokerCommitted', final.committedTotal);
  const next = group.nextOffsets();
  const processed = group.processedByPartition();
  for (const p of final.partitions) {
    const n = p.partition;
    ctx.fact(factKeys.brokerLag(n), p.backlog);
    ctx.fact(factKeys.brokerLogEnd(n), p.logEnd - p.logStart);
    ctx.fact(factKeys.brokerCommitted(n), p.committed ?? -1);
    ctx.fact(factKeys.producerAcked(n), acked[n] ?? 0);
    ctx.fact(factKeys.membersNext(n), next.get(n) ?? 0);
    ctx.fact(factKeys.membersProcessed(n), processed.get(n) ?? 0);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
