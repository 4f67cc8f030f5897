// What `bench:lab` compares: per broker, its own tool and our lab target at the same message
// size and durability, and the command lines and workloads that say so. Kept free of processes
// so the pairing (same size, same acks, same work on the broker) is tested without a broker.
import type { BrokerAddresses } from '../../engine/addresses.ts';
import type { BrokerName } from '../../sdk/spec.ts';
import type { Target, TargetId } from '../target.ts';
import { prefetchFor } from '../targets/rabbitmq-common.ts';
import { redisPubsubTarget } from '../targets/redis-pubsub.ts';
import { redisStreamsTarget } from '../targets/redis-streams.ts';
import { checkWorkload } from '../workload.ts';
import type { Workload } from '../workload.ts';

export const MESSAGE_SIZE = 100;
/** PerfTest's unconfirmed publishes with -c: what the lab's confirm window holds (10 × 100). */
export const PERF_TEST_CONFIRMS = 1000;
export const WARMUP_SECONDS = 2;

export type ToolKind = 'producer-performance' | 'perf-test' | 'redis-benchmark';
export type CaseId =
  'kafka' | 'kafka-batched' | 'rabbitmq' | 'rabbitmq-confirms' | 'redis-xadd' | 'redis-publish';

export interface BenchCase {
  id: CaseId;
  broker: BrokerName;
  title: string;
  tool: ToolKind;
  target: TargetId;
  durability: Workload['durability'];
  /**
   * The tool only publishes (ProducerPerformance, redis-benchmark): the lab runs its producers
   * without consumers, so the broker does the same work for both. PerfTest also consumes, and
   * so does the lab then.
   */
  producerOnly: boolean;
  /**
   * The lab's producer counts, one run each: one as the tool has, and one per core. Where the
   * tool can match it (redis-benchmark's connections), the tool runs once per count too.
   */
  producers: number[];
  /** ProducerPerformance only: producer properties beyond acks (its defaults otherwise). */
  toolProperties?: string[];
}

const transient = (acks: Workload['durability']['acks']): Workload['durability'] => ({
  acks,
  persistent: false,
  fsync: false,
});

export const CASES: readonly BenchCase[] = [
  {
    id: 'kafka',
    broker: 'kafka',
    title: 'Kafka, acks=1, 1 partition',
    tool: 'producer-performance',
    target: 'kafka',
    durability: transient('leader'),
    producerOnly: true,
    producers: [1, 2],
  },
  {
    // The lab's Kafka producer sends 1000 records (~100 KB) per request; the tool's default
    // batch.size is 16 KB. This row gives the tool at least as much room (256 KB, the lab's
    // BATCH_BYTES), so a ratio above 1 in the row before is not only the bigger batch.
    id: 'kafka-batched',
    broker: 'kafka',
    title: 'Kafka, acks=1, 1 partition, the tool with batch.size=262144',
    tool: 'producer-performance',
    target: 'kafka',
    durability: transient('leader'),
    producerOnly: true,
    producers: [1, 2],
    toolProperties: ['batch.size=262144'],
  },
  {
    id: 'rabbitmq',
    broker: 'rabbitmq',
    title: 'RabbitMQ classic queue, no confirms, 1 producer + 1 consumer',
    tool: 'perf-test',
    target: 'rabbitmq-classic',
    durability: transient('none'),
    producerOnly: false,
    producers: [1],
  },
  {
    id: 'rabbitmq-confirms',
    broker: 'rabbitmq',
    title: `RabbitMQ classic queue, publisher confirms (${PERF_TEST_CONFIRMS} in flight), 1 producer + 1 consumer`,
    tool: 'perf-test',
    target: 'rabbitmq-classic',
    durability: transient('leader'),
    producerOnly: false,
    producers: [1],
  },
  {
    id: 'redis-xadd',
    broker: 'redis',
    title:
      'Redis Streams XADD, replies awaited; the tool with a connection per lab producer, pipelined as deep as its window',
    tool: 'redis-benchmark',
    target: 'redis-streams',
    durability: transient('leader'),
    producerOnly: true,
    producers: [1, 2],
  },
  {
    id: 'redis-publish',
    broker: 'redis',
    title:
      'Redis PUBLISH (no subscriber), replies awaited; the tool with a connection per lab producer, pipelined as deep as its window',
    tool: 'redis-benchmark',
    target: 'redis-pubsub',
    durability: transient('leader'),
    producerOnly: true,
    producers: [1, 2],
  },
];

/** The lab's side of a case: one topic, 100-byte messages at max rate, the case's durability. */
export function labWorkload(c: BenchCase, producers: number, seconds: number): Workload {
  return checkWorkload(
    {
      name: `bench-${c.id}`,
      description: `bench:lab — ${c.title}, against the broker's own tool`,
      topics: 1,
      partitionsPerTopic: 1,
      messageSize: MESSAGE_SIZE,
      producersPerTopic: producers,
      subscriptionsPerTopic: 1,
      consumerPerSubscription: 1,
      producerRate: 'max',
      testDurationSeconds: seconds,
      warmupDurationSeconds: WARMUP_SECONDS,
      durability: c.durability,
      // Without consumers nothing is delivered, so losses would be every message.
      measure: { ordering: false, losses: !c.producerOnly, duplicates: !c.producerOnly },
    },
    `bench case ${c.id}`,
  );
}

/** Where the tool sends: named like a lab run's (so the start-up sweep knows them). */
export interface ToolNames {
  /** Kafka topic, RabbitMQ queue, Redis stream key or channel. */
  destination: string;
  /** RabbitMQ only: the exchange PerfTest declares and binds the queue to. */
  exchange: string;
}

export function producerPerformanceArgs(
  c: BenchCase,
  names: ToolNames,
  addresses: BrokerAddresses,
  records: number,
): string[] {
  const acks = { none: '0', leader: '1', all: 'all' }[c.durability.acks];
  return [
    '--bootstrap-server',
    addresses.kafkaBrokers.join(','),
    '--topic',
    names.destination,
    '--num-records',
    String(records),
    // The first fifth warms the JVM and the connection; the summary's steady-state line is after it.
    '--warmup-records',
    String(Math.floor(records / 5)),
    '--record-size',
    String(MESSAGE_SIZE),
    '--throughput',
    '-1',
    '--command-property',
    `acks=${acks}`,
    ...(c.toolProperties ?? []),
  ];
}

export function perfTestArgs(
  c: BenchCase,
  names: ToolNames,
  addresses: BrokerAddresses,
  seconds: number,
): string[] {
  const consumer = labConsumerWindow(c);
  return [
    '--uri',
    addresses.amqpUrl,
    '--producers',
    '1',
    '--consumers',
    '1',
    '--size',
    String(MESSAGE_SIZE),
    '--time',
    String(seconds),
    '--exchange',
    names.exchange,
    '--queue',
    names.destination,
    '--routing-key',
    names.destination,
    ...(c.durability.acks === 'none' ? [] : ['--confirm', String(PERF_TEST_CONFIRMS)]),
    // The lab's consumer: this prefetch, and acks with multiple=true every quarter of it.
    '--qos',
    String(consumer.prefetch),
    '--multi-ack-every',
    String(consumer.ackEvery),
  ];
}

/** The lab's RabbitMQ consumer window (rabbitmq-common.ts), which PerfTest's consumer is given. */
export function labConsumerWindow(c: BenchCase): { prefetch: number; ackEvery: number } {
  const prefetch = prefetchFor(labWorkload(c, 1, 1));
  return { prefetch, ackEvery: Math.max(1, Math.floor(prefetch / 4)) };
}

/** Whether the tool is run once per lab producer count, with as many connections. */
export function toolPerProducerCount(c: BenchCase): boolean {
  return c.tool === 'redis-benchmark';
}

/** One `size`-byte value, as the lab's stamped payload is one `size`-byte field. */
export function redisValue(): string {
  return 'x'.repeat(MESSAGE_SIZE);
}

const REDIS_TARGETS: Partial<Record<TargetId, Target>> = {
  'redis-streams': redisStreamsTarget,
  'redis-pubsub': redisPubsubTarget,
};

/**
 * What one lab producer keeps unanswered on its connection (batches in flight × batch size):
 * redis-benchmark gets as deep a pipeline per connection, and a connection per lab producer.
 */
export function labPipeline(c: BenchCase): number {
  const target = REDIS_TARGETS[c.target];
  if (target === undefined) throw new Error(`${c.id}: not a Redis case`);
  const { inFlight, batch } = target.window(labWorkload(c, 1, 1));
  return inFlight * batch;
}

export function redisBenchmarkArgs(
  c: BenchCase,
  names: ToolNames,
  addresses: BrokerAddresses,
  requests: number,
  connections: number,
): string[] {
  const command =
    c.id === 'redis-publish'
      ? ['PUBLISH', names.destination, redisValue()]
      : ['XADD', names.destination, '*', 'v', redisValue()];
  return [
    '-u',
    addresses.redisUrl,
    '-n',
    String(requests),
    '-c',
    String(connections),
    '-P',
    String(labPipeline(c)),
    '--csv',
    ...command,
  ];
}
