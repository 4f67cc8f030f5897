// A comparison workload: what to send, how fast, to how many consumers, how durably. The words
// follow the OpenMessaging Benchmark's workload files (topics, partitionsPerTopic, messageSize,
// subscriptionsPerTopic, consumerPerSubscription, producersPerTopic, producerRate, keyDistributor)
// so an OMB user reads them at once; durability, processing time and the backlog mode are ours.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';

export const WorkloadSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'an id: a-z, 0-9, -' }),
    description: Type.String({ maxLength: 500 }),
    topics: Type.Integer({ minimum: 1, maximum: 16, default: 1, description: 'topics or queues' }),
    partitionsPerTopic: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
    messageSize: Type.Integer({ minimum: 16, maximum: 1_048_576, description: 'bytes' }),
    producersPerTopic: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
    subscriptionsPerTopic: Type.Integer({
      minimum: 1,
      maximum: 16,
      default: 1,
      description: 'independent readers of every message (fan-out)',
    }),
    consumerPerSubscription: Type.Integer({
      minimum: 1,
      maximum: 16,
      default: 1,
      description: 'consumers sharing one subscription (a work queue)',
    }),
    producerRate: Type.Union(
      [Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Literal('max')],
      {
        description: 'messages per second over all producers, or max',
      },
    ),
    testDurationSeconds: Type.Integer({ minimum: 1, maximum: 600 }),
    warmupDurationSeconds: Type.Integer({ minimum: 0, maximum: 120, default: 0 }),
    keyDistributor: Type.Union(
      [Type.Literal('NO_KEY'), Type.Literal('KEY_ROUND_ROBIN'), Type.Literal('RANDOM')],
      { default: 'NO_KEY' },
    ),
    durability: Type.Object(
      {
        acks: Type.Union([Type.Literal('none'), Type.Literal('leader'), Type.Literal('all')], {
          default: 'leader',
          description: 'when a send counts as done: not awaited, the leader has it, every replica',
        }),
        persistent: Type.Boolean({ default: false, description: 'messages written to disk' }),
        fsync: Type.Boolean({ default: false, description: 'each write flushed before the ack' }),
      },
      { default: {} },
    ),
    consumerProcessingMs: Type.Number({ minimum: 0, maximum: 10_000, default: 0 }),
    backlog: Type.Boolean({
      default: false,
      description: 'produce the whole run first, then start the consumers and time the drain',
    }),
    measure: Type.Object(
      {
        ordering: Type.Boolean({ default: false }),
        losses: Type.Boolean({ default: true }),
        duplicates: Type.Boolean({ default: true }),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Workload = Static<typeof WorkloadSchema>;

export class WorkloadError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'WorkloadError';
  }
}

/** Reads a workload from YAML or JSON text (JSON is YAML); every problem is named by its field. */
export function parseWorkload(text: string, source = 'workload'): Workload {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new WorkloadError(source, [
      `not YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    ]);
  }
  return checkWorkload(raw, source);
}

export function checkWorkload(raw: unknown, source = 'workload'): Workload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WorkloadError(source, ['a workload is a mapping of fields (name, messageSize, …)']);
  }
  const value = Value.Default(WorkloadSchema, structuredClone(raw));
  const problems = [...Value.Errors(WorkloadSchema, value)].map((e) => {
    const field = e.path.replace(/^\//, '').replace(/\//g, '.') || '(top)';
    if (e.message.startsWith('Unexpected property')) return `${field}: not a workload field`;
    return `${field}: ${e.message.toLowerCase()} (got ${JSON.stringify(e.value)})`;
  });
  // A union's members each add an error; one per field says it.
  const unique = [...new Set(problems)];
  if (unique.length > 0) throw new WorkloadError(source, unique);
  return value as Workload;
}

/** Messages each producer sends per second (Infinity at max). */
export function ratePerProducer(workload: Workload): number {
  if (workload.producerRate === 'max') return Infinity;
  return workload.producerRate / (workload.topics * workload.producersPerTopic);
}
