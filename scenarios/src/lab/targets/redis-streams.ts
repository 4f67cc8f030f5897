// Redis Streams as a comparison target: one stream key per topic, XADD in pipelines (no MULTI:
// a batch is many commands on one connection, not a transaction), one consumer group per
// subscription whose members read with XREADGROUP and acknowledge with XACK. The shared Redis's
// persistence is not the run's to change, so the plan reports what it is, read at setup.
import { Redis } from 'ioredis';
import { BatchEncoder, RespConnection, encodeCommand } from './resp-wire.ts';
import type { RespValue } from './resp-wire.ts';
import type {
  LabConsumer,
  LabMessage,
  LabProducer,
  Target,
  TargetContext,
  TargetPlan,
} from '../target.ts';
import type { Workload } from '../workload.ts';

// A pipeline of this many bytes is one or two socket writes and one read of the replies.
const BATCH_BYTES = 128 * 1024;
// Entries one XREADGROUP hands a member; acknowledged together after they are processed.
const READ_COUNT = 1000;
// How long a read blocks on an idle stream: short, so a consumer stops promptly.
const BLOCK_MS = 200;

/**
 * What the shared Redis does with writes, as CONFIG GET reported it at the last setup in this
 * process. `plan()` is synchronous, so a plan made before this process's first setup cannot say.
 */
let observedPersistence: string | undefined;

const connect = async (url: string, name: string): Promise<Redis> => {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 1,
    // A lost connection fails the run's sends and reads; it is not silently replayed.
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
};

function streamsPlan(w: Workload): TargetPlan {
  const mapping = [
    `topics → ${w.topics} stream key(s), one per topic`,
    `subscriptionsPerTopic → ${w.subscriptionsPerTopic} consumer group(s) per stream (XGROUP CREATE … 0)`,
    `consumerPerSubscription → ${w.consumerPerSubscription} member(s) per group reading XREADGROUP … > (COUNT ${READ_COUNT}); each entry goes to one member`,
    w.durability.acks === 'none'
      ? 'acks none → CLIENT REPLY OFF: Redis sends no replies, a batch of XADD is done once written to the socket (an error reply is never seen)'
      : `acks ${w.durability.acks} → a pipelined XADD answered with its entry id: the one Redis has it in memory`,
    'consumer acknowledgement → XACK of each batch after it was processed (the pending list holds the rest)',
    `${w.keyDistributor} → the key is stored as a field of the entry; it routes nothing`,
    w.backlog
      ? 'backlog → the stream keeps every entry until the run deletes it; the groups read from its start'
      : 'the groups are created at id 0 before any producer, so none of the run is missed',
    `durability on this Redis (CONFIG GET at setup): ${observedPersistence ?? 'not read yet (the plan was made before setup)'}`,
  ];
  const cannot = [
    `partitionsPerTopic ${w.partitionsPerTopic} → not a Redis notion: one stream per topic, whose group members share it entry by entry`,
    'no replica: a write lives on one Redis, and WAIT (acknowledgement by replicas) has none to wait for',
  ];
  if (w.durability.acks === 'all') {
    cannot.push(
      'acks all → would be XADD then WAIT 1 <timeout>, which needs a replica; this Redis has none, so acks all costs what acks leader does',
    );
  }
  if (w.durability.persistent || w.durability.fsync) {
    cannot.push(
      'persistent / fsync → set only by the server (appendonly, appendfsync), not per write; the shared Redis’s settings are not the run’s to change, so they are reported above as they are',
    );
  }
  if (w.measure.ordering && w.consumerPerSubscription > 1) {
    cannot.push(
      'ordering: the stream is one ordered log, but members of a group take entries in turns, so a key’s messages may be processed out of order across members',
    );
  }
  return { mapping, cannot };
}

function batchSize(w: Workload): number {
  return Math.min(500, Math.max(10, Math.floor(BATCH_BYTES / w.messageSize)));
}

async function readPersistence(redis: Redis): Promise<string> {
  try {
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as string[];
    const [, save] = (await redis.config('GET', 'save')) as string[];
    const snapshots =
      save === undefined || save === '' ? 'no RDB snapshots' : `RDB snapshots "${save}"`;
    if (aof === 'yes') {
      const when =
        fsync === 'always'
          ? 'fsynced before each reply'
          : fsync === 'everysec'
            ? 'fsynced once a second: up to a second of acknowledged writes can be lost'
            : 'fsynced when the OS decides';
      return `appendonly yes, appendfsync ${fsync ?? '?'} (${when}); ${snapshots}`;
    }
    return `appendonly no (appendfsync ${fsync ?? '?'} does not apply): writes live in memory only; ${snapshots}`;
  } catch (error) {
    return `could not be read (CONFIG GET refused: ${(error as Error).message})`;
  }
}

async function setup(ctx: TargetContext): Promise<void> {
  const redis = await connect(ctx.addresses.redisUrl, `${ctx.names.runId}-setup`);
  try {
    observedPersistence = await readPersistence(redis);
    for (let t = 0; t < ctx.workload.topics; t++) {
      for (let s = 0; s < ctx.workload.subscriptionsPerTopic; s++) {
        await redis.xgroup(
          'CREATE',
          ctx.names.topic(t),
          ctx.names.subscription(t, s),
          '0',
          'MKSTREAM',
        );
      }
    }
  } finally {
    redis.disconnect();
  }
}

async function teardown(ctx: TargetContext): Promise<void> {
  const redis = await connect(ctx.addresses.redisUrl, `${ctx.names.runId}-teardown`);
  try {
    // The groups, their pending lists and the entries all go with the key.
    const keys = Array.from({ length: ctx.workload.topics }, (_, t) => ctx.names.topic(t));
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function openProducer(ctx: TargetContext, t: number, p: number): Promise<LabProducer> {
  const connection = await RespConnection.open({
    url: ctx.addresses.redisUrl,
    name: `${ctx.names.runId}-p${t}-${p}`,
  });
  const key = ctx.names.topic(t);
  const unkeyed = new BatchEncoder(['XADD', key, '*', 'v']);
  const encode = (batch: LabMessage[]): Buffer =>
    batch[0]?.key === undefined
      ? unkeyed.encode(batch.map((m) => m.payload))
      : Buffer.concat(
          batch.map((m) => encodeCommand(['XADD', key, '*', 'k', m.key ?? '', 'v', m.payload])),
        );
  const noReplies = ctx.workload.durability.acks === 'none';
  // acks none: Redis is told not to answer at all, and a batch is done once written.
  if (noReplies) await connection.write(encodeCommand(['CLIENT', 'REPLY', 'OFF']));
  return {
    send: async (batch: LabMessage[]) => {
      const bytes = encode(batch);
      if (noReplies) await connection.write(bytes);
      else await connection.pipeline(bytes, batch.length);
    },
    close: async () => connection.close(),
  };
}

async function openConsumer(
  ctx: TargetContext,
  t: number,
  s: number,
  c: number,
): Promise<LabConsumer> {
  const connection = await RespConnection.open({
    url: ctx.addresses.redisUrl,
    name: `${ctx.names.runId}-c${t}-${s}-${c}`,
  });
  const key = ctx.names.topic(t);
  const group = ctx.names.subscription(t, s);
  const read = encodeCommand([
    'XREADGROUP',
    'GROUP',
    group,
    `c${c}`,
    'COUNT',
    READ_COUNT,
    'BLOCK',
    BLOCK_MS,
    'STREAMS',
    key,
    '>',
  ]);
  let closing = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    start: async (onMessage) => {
      // The group exists since setup and this member reads from its last-delivered id, so
      // nothing is missed before the first read is answered.
      loop = (async () => {
        let next = connection.pipeline(read, 1);
        while (!closing) {
          const entries = entriesOf(await next);
          // The next read goes out before this batch is processed, so Redis works while this
          // member does (without it, a third of the consumer's time was a round trip's wait).
          next = closing ? Promise.resolve(null) : connection.pipeline(read, 1);
          if (entries.length === 0) continue;
          const ids: Buffer[] = [];
          for (const [id, fields] of entries) {
            await onMessage(valueOf(fields));
            ids.push(id);
          }
          // Not awaited: replies come in order on the one connection.
          connection.call(['XACK', key, group, ...ids]).catch(() => undefined);
        }
        await next.catch(() => undefined);
      })();
      loop.catch(() => undefined);
    },
    close: async () => {
      closing = true;
      await loop.catch(() => undefined);
      connection.close();
    },
  };
}

/** `[[key, [[id, [field, value, …]], …]]]` or nil → the entries. */
function entriesOf(reply: RespValue): [Buffer, Buffer[]][] {
  if (!Array.isArray(reply)) return [];
  const stream = reply[0];
  if (!Array.isArray(stream) || !Array.isArray(stream[1])) return [];
  return stream[1] as [Buffer, Buffer[]][];
}

const V = 0x76; // 'v'

/** The entry's `v` field (the stamped payload); the producer writes it first. */
function valueOf(fields: Buffer[]): Buffer {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    if (name?.length === 1 && name[0] === V) return fields[i + 1] as Buffer;
  }
  return Buffer.alloc(0);
}

export const redisStreamsTarget: Target = {
  id: 'redis-streams',
  broker: 'redis',
  title: 'Redis Streams (consumer groups)',
  plan: streamsPlan,
  window: (w) => ({ inFlight: 4, batch: batchSize(w) }),
  setup,
  teardown,
  openProducer,
  openConsumer,
};
