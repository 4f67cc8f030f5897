// Kafka: two producers side by side through the run's Kafka link, one with idempotence and one
// without, each sending numbered records to a topic of its own, one send() at a time. At the end
// both topics are read again from the start, id by id.
import type { Admin } from 'kafkajs';
import { fmt, plural, withDeadline } from '../src/sdk/index.ts';
import { createTopic, decodePayload, readTopic } from '../src/sdk/kafka/index.ts';
import { runClosedLoop, stopped } from './closed-loop.ts';
import { countingKafka, kafkaLinks } from './counting-kafka.ts';
import { factKeys } from './facts.ts';
import { CountedProducer, PRODUCER_KINDS, tallyRead } from './kafka-producers.ts';
import type { ReadTally } from './kafka-producers.ts';
import type { WorkloadHooks } from './workload.ts';

const SETTLE_MS = 3000;
const READ_MS = 3000;
export const KAFKA_SENDERS = 1;

export interface KafkaWorkloadHooks extends WorkloadHooks {
  /** Re-sent produce requests, as they are counted. */
  retries: Record<'plain' | 'idempotent', { inc(by?: number): void }>;
  duplicates: Record<'plain' | 'idempotent', { set(value: number): void }>;
}

/** The link the toxic goes on: 'kafka' for the playground's single broker. */
export function kafkaLinkName(links: readonly { name: string }[]): string {
  return links.find((l) => l.name === 'kafka')?.name ?? links[0]?.name ?? 'kafka';
}

export async function runKafkaWorkload(hooks: KafkaWorkloadHooks): Promise<void> {
  const { ctx, onAnswered, onError } = hooks;
  const p = ctx.params;
  const kafka = ctx.brokers.kafka();
  let admin: Admin | undefined;
  const producers: CountedProducer[] = [];
  try {
    admin = kafka.admin();
    await admin.connect();
    const links = kafkaLinks(ctx.faults.view().links);
    // Bootstrap from the addresses Kafka advertises; every dial goes through their links.
    const cluster = await admin.describeCluster();
    const brokers = cluster.brokers.map((b) => `${b.host}:${b.port}`);
    for (const kind of PRODUCER_KINDS) {
      const topic = ctx.resources.topic(ctx.names.topic(kind));
      await createTopic(admin, topic, 1);
      const producer = new CountedProducer(
        kind,
        topic,
        (onProduce) =>
          countingKafka({ clientId: `playground-${ctx.runId}-${kind}`, brokers, links, onProduce }),
        p.batchSize,
      );
      await producer.producer.connect();
      producers.push(producer);
    }

    // Retries show on the chart as they happen: writes beyond one per acknowledged send.
    const counted = new Map<CountedProducer, number>();
    const showRetries = (producer: CountedProducer): void => {
      const before = counted.get(producer) ?? 0;
      if (producer.resends > before) hooks.retries[producer.kind].inc(producer.resends - before);
      counted.set(producer, Math.max(before, producer.resends));
    };
    const loops = producers.map((producer) =>
      runClosedLoop({
        // One sender per producer: kafkajs's idempotent producer hands a failed batch's
        // sequence numbers to the next concurrent send(), and the broker then drops that batch
        // as a duplicate while acknowledging it (tulios/kafkajs#1005; seen here as lost ids).
        workers: KAFKA_SENDERS,
        request: async () => {
          await producer.send();
          showRetries(producer);
        },
        think: () => ctx.params.thinkMs,
        signal: ctx.signal,
        sleep: (ms) => ctx.sleep(ms),
        onAnswered,
        onError,
      }),
    );
    await stopped(ctx.signal);
    await withDeadline(Promise.all(loops), SETTLE_MS, 'the last sends').catch(() => undefined);
    for (const producer of producers) showRetries(producer);

    const readAdmin = admin;
    const tallies = await withDeadline(
      Promise.all(
        producers.map(async (producer) => {
          const copies = new Map<number, number>();
          const read = await readTopic({
            kafka,
            admin: readAdmin,
            topic: producer.topic,
            groupId: ctx.resources.group(ctx.names.group(`verify-${producer.kind}`)),
            withinMs: READ_MS,
            onRecord: ({ message }) => {
              const seq = decodePayload(message.value)?.seq;
              if (seq !== undefined) copies.set(seq, (copies.get(seq) ?? 0) + 1);
            },
          });
          return { producer, tally: tallyRead(copies, producer.acked), complete: read.complete };
        }),
      ),
      READ_MS + 1500,
      'full reads of the topics',
    );
    for (const { producer, tally, complete } of tallies) {
      record(hooks, producer, tally, complete, p.batchSize);
    }
  } finally {
    for (const producer of producers) await producer.producer.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}

function record(
  { ctx, duplicates }: KafkaWorkloadHooks,
  producer: CountedProducer,
  tally: ReadTally,
  complete: boolean,
  batchSize: number,
): void {
  const key = (what: Parameters<typeof factKeys.kafka>[1]): string =>
    factKeys.kafka(producer.kind, what);
  ctx.fact(key('acked'), producer.acked.size);
  ctx.fact(key('resends'), producer.resends);
  ctx.fact(key('resentRecords'), producer.resends * batchSize);
  ctx.fact(key('sendsFailed'), producer.sendsFailed);
  ctx.fact(key('unsettled'), producer.pending);
  ctx.fact(key('records'), tally.records);
  ctx.fact(key('duplicates'), tally.duplicates);
  ctx.fact(key('lost'), tally.lost);
  ctx.fact(key('unacknowledged'), tally.unacknowledged);
  ctx.fact(key('readComplete'), complete);
  duplicates[producer.kind].set(tally.duplicates);
  const who = producer.kind === 'plain' ? 'non-idempotent producer' : 'idempotent producer';
  ctx.event(
    `${who}: ${plural(producer.acked.size, 'id')} acknowledged, ${plural(producer.resends, 'produce request')} sent again; a full read of its topic finds ${fmt(tally.records)} records, ${plural(tally.duplicates, 'extra copy', 'extra copies')}, ${fmt(tally.lost)} lost`,
  );
}
