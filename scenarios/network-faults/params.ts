import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const BROKERS = ['redis', 'rabbitmq', 'kafka'] as const;
export type FaultedBroker = (typeof BROKERS)[number];

export const TOXICS = ['latency', 'bandwidth', 'reset_peer', 'timeout'] as const;
export type ScenarioToxic = (typeof TOXICS)[number];

export const networkFaultsParams = Type.Object(
  {
    broker: Type.Union(
      BROKERS.map((b) => Type.Literal(b)),
      {
        default: 'redis',
        description:
          'The broker the workload talks to, through its link (the run’s own fault proxy): Redis SETs, RabbitMQ publishes waiting for their confirm, or Kafka produce requests (two producers, one idempotent).',
      },
    ),
    toxic: Type.Union(
      TOXICS.map((t) => Type.Literal(t)),
      {
        default: 'latency',
        description:
          'What the link does while the fault is in force: latency delays every chunk by latencyMs±jitterMs; bandwidth limits it to rateKBps; reset_peer drops the next chunk and resets the connection after timeoutMs; timeout holds the data (a black hole) and closes after timeoutMs (0: never).',
      },
    ),
    stream: Type.Union([Type.Literal('downstream'), Type.Literal('upstream')], {
      default: 'downstream',
      description:
        'Which direction the toxic acts on: downstream is broker → client (replies, acks), upstream is client → broker (requests).',
    }),
    latencyMs: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 2000,
      description: 'latency: the delay added to every chunk.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    jitterMs: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 1000,
      description: 'latency: each chunk’s delay is drawn from latencyMs ± jitterMs.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    rateKBps: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 100_000,
      description: 'bandwidth: the most the link passes per second.',
      'x-unit': 'KB/s',
      'x-live': true,
    }),
    timeoutMs: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 10_000,
      description:
        'reset_peer: how long after the first chunk it drops the connection is reset; timeout: how long it holds data before closing (0: holds until lifted).',
      'x-unit': 'ms',
    }),
    faultAtSec: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 600,
      description: 'When the toxic is added to the link, in seconds from the start.',
      'x-unit': 's',
    }),
    liftAtSec: Type.Number({
      default: 10,
      minimum: 0.5,
      maximum: 600,
      description:
        'When it is removed again (every fault is lifted anyway when the load stops, before the final count).',
      'x-unit': 's',
    }),
    inFlight: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 32,
      description:
        'Closed loop: Redis and RabbitMQ workers, each sending its next request only after the reply to its last. Kafka: always one sender per producer (see the lesson).',
      'x-unit': 'requests',
    }),
    thinkMs: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 1000,
      description:
        'Each worker’s pause between a reply and its next request. Throughput = inFlight / (latency + think).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    batchSize: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 100,
      description: 'Kafka: records per produce request (one numbered record per id).',
      'x-unit': 'records',
    }),
    payloadBytes: Type.Integer({
      default: 256,
      minimum: 16,
      maximum: 65_536,
      description: 'Redis and RabbitMQ: the size of each value or message.',
      'x-unit': 'B',
    }),
  },
  { additionalProperties: false },
);

export type NetworkFaultsParams = Static<typeof networkFaultsParams>;
