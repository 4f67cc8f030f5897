// What the three RabbitMQ targets share: the objects a run declares (an exchange per topic and a
// queue per subscription, or a stream per topic), the producer that publishes a batch and
// resolves on its confirms (or once written, without them), and the consumer that works through
// its deliveries one at a time and acks them in runs. The three differ only in the queue type
// and in what their plan says, so each target file is that difference.
import { once } from 'node:events';
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type {
  LabConsumer,
  LabMessage,
  LabNames,
  LabProducer,
  Target,
  TargetContext,
  TargetId,
  TargetPlan,
} from '../target.ts';
import type { Workload } from '../workload.ts';

export type RabbitFlavor = 'classic' | 'quorum' | 'stream';

// After a crash the run journal's names let the start-up sweep delete what a comparison left; as
// a last resort RabbitMQ itself removes a queue unused this long, and the auto-delete exchange
// with its last binding. A stream takes no x-expires: its retention bounds its size instead.
export const LAB_QUEUE_EXPIRES_MS = 15 * 60_000;
export const LAB_STREAM_MAX_AGE = '15m';
// A backlog run at max rate writes a few hundred MB; retention drops whole segments from the
// head, which readers starting at 'first' would report as losses, so the bound sits well above.
export const LAB_STREAM_MAX_LENGTH_BYTES = 2_000_000_000;

// A fast consumer's window: a stream read over AMQP arrives in chunks and fell behind its writer
// at 1000 here (tiny-max: half the publish rate) while 5000 kept pace; bounded in bytes so large
// messages do not pile up gigabytes in a consumer.
const FAST_PREFETCH_MAX = 5000;
const FAST_PREFETCH_BYTES = 8_000_000;

/** Unacked deliveries a consumer may hold: a slow consumer holds little, so work spreads. */
export function prefetchFor(workload: Workload): number {
  if (workload.consumerProcessingMs > 0) return 10;
  const bySize = Math.floor(FAST_PREFETCH_BYTES / workload.messageSize);
  return Math.max(10, Math.min(FAST_PREFETCH_MAX, bySize));
}

/** What a run declares on RabbitMQ, by name: what teardown deletes and a journal records. */
export interface RabbitObjects {
  exchanges: string[];
  queues: string[];
  bindings: { queue: string; exchange: string }[];
}

/** Where producer messages go and consumers read, for topic `t` and subscription `s`. */
export function streamName(names: LabNames, t: number): string {
  return names.topic(t);
}

export function queueOf(flavor: RabbitFlavor, names: LabNames, t: number, s: number): string {
  return flavor === 'stream' ? streamName(names, t) : names.subscription(t, s);
}

export function rabbitObjects(
  flavor: RabbitFlavor,
  workload: Workload,
  names: LabNames,
): RabbitObjects {
  const objects: RabbitObjects = { exchanges: [], queues: [], bindings: [] };
  for (let t = 0; t < workload.topics; t++) {
    if (flavor === 'stream') {
      // One log per topic; subscriptions are readers of it, not copies.
      objects.queues.push(streamName(names, t));
      continue;
    }
    const exchange = names.topic(t);
    objects.exchanges.push(exchange);
    for (let s = 0; s < workload.subscriptionsPerTopic; s++) {
      const queue = names.subscription(t, s);
      objects.queues.push(queue);
      objects.bindings.push({ queue, exchange });
    }
  }
  return objects;
}

function queueOptions(flavor: RabbitFlavor): Options.AssertQueue {
  // Durable in every case: RabbitMQ deprecates transient non-exclusive queues, and a durable
  // classic queue costs nothing more until a message is persistent (delivery mode 2).
  const base = { durable: true, exclusive: false, autoDelete: false };
  switch (flavor) {
    case 'classic':
      return {
        ...base,
        arguments: { 'x-queue-type': 'classic', 'x-expires': LAB_QUEUE_EXPIRES_MS },
      };
    case 'quorum':
      return {
        ...base,
        arguments: { 'x-queue-type': 'quorum', 'x-expires': LAB_QUEUE_EXPIRES_MS },
      };
    case 'stream':
      return {
        ...base,
        arguments: {
          'x-queue-type': 'stream',
          'x-max-age': LAB_STREAM_MAX_AGE,
          'x-max-length-bytes': LAB_STREAM_MAX_LENGTH_BYTES,
        },
      };
  }
}

/** A connection whose failures are kept, not thrown from an 'error' event nobody awaits. */
interface Link {
  connection: ChannelModel;
  /** The first connection or channel failure, once there is one. */
  failure(): Error | undefined;
  /** Rejects with the failure when it happens. */
  failed: Promise<never>;
  watch(channel: Channel): void;
  close(): Promise<void>;
}

const CLOSE_DEADLINE_MS = 1000;

async function closeWithin(closable: { close(): Promise<void> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      closable.close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_DEADLINE_MS);
      }),
    ]);
  } catch {
    // Already closed by the broker or by an earlier failure: nothing left to release.
  } finally {
    clearTimeout(timer);
  }
}

async function openLink(url: string): Promise<Link> {
  // noDelay: a confirm or a small publish must not sit in Nagle's buffer waiting for an ACK.
  const connection = await amqp.connect(url, { noDelay: true });
  let failure: Error | undefined;
  let closing = false;
  let reject!: (error: Error) => void;
  const failed = new Promise<never>((_, r) => {
    reject = r;
  });
  // Nobody may be waiting on it; an unawaited rejection must not end the worker.
  failed.catch(() => undefined);
  const fail = (error: unknown): void => {
    if (closing || failure !== undefined) return;
    failure = error instanceof Error ? error : new Error(String(error));
    reject(failure);
  };
  connection.on('error', fail);
  connection.on('close', (error?: Error) => fail(error ?? new Error('connection closed')));
  const channels: Channel[] = [];
  return {
    connection,
    failure: () => failure,
    failed,
    watch: (channel) => {
      channels.push(channel);
      channel.on('error', fail);
      channel.on('close', () => fail(new Error('channel closed')));
    },
    close: async () => {
      closing = true;
      for (const channel of channels) await closeWithin(channel);
      await closeWithin(connection);
    },
  };
}

/** Declares every exchange, queue, stream and binding of the run. */
export async function declareRabbitObjects(
  flavor: RabbitFlavor,
  ctx: TargetContext,
): Promise<RabbitObjects> {
  const objects = rabbitObjects(flavor, ctx.workload, ctx.names);
  const link = await openLink(ctx.addresses.amqpUrl);
  try {
    const channel = await link.connection.createChannel();
    link.watch(channel);
    for (const exchange of objects.exchanges) {
      // Auto-delete: it goes with its last binding, so expired queues take it along.
      await channel.assertExchange(exchange, 'fanout', { durable: true, autoDelete: true });
    }
    for (const queue of objects.queues) await channel.assertQueue(queue, queueOptions(flavor));
    for (const { queue, exchange } of objects.bindings) {
      await channel.bindQueue(queue, exchange, '');
    }
  } finally {
    await link.close();
  }
  return objects;
}

/**
 * Deletes every exchange and queue (a stream's data goes with it), each on a channel of its own
 * so one refusal does not stop the rest; throws what refused, after trying all.
 */
export async function deleteRabbitObjects(flavor: RabbitFlavor, ctx: TargetContext): Promise<void> {
  const objects = rabbitObjects(flavor, ctx.workload, ctx.names);
  const errors: string[] = [];
  const link = await openLink(ctx.addresses.amqpUrl);
  const step = async (what: string, act: (channel: Channel) => Promise<unknown>): Promise<void> => {
    try {
      const channel = await link.connection.createChannel();
      channel.on('error', () => undefined);
      await act(channel);
      await closeWithin(channel);
    } catch (error) {
      errors.push(`${what}: ${(error as Error).message}`);
    }
  };
  try {
    for (const exchange of objects.exchanges) {
      await step(`exchange ${exchange}`, (ch) => ch.deleteExchange(exchange));
    }
    for (const queue of objects.queues) await step(`queue ${queue}`, (ch) => ch.deleteQueue(queue));
  } finally {
    await link.close();
  }
  if (errors.length > 0) throw new Error(`RabbitMQ teardown: ${errors.join('; ')}`);
}

/** How each message is published: where to, and with which properties. */
interface Route {
  exchange(message: LabMessage): string;
  routingKey(message: LabMessage): string;
  options: Options.Publish;
}

function routeFor(flavor: RabbitFlavor, workload: Workload, names: LabNames): Route {
  // Delivery mode 2 only where the workload asks for it: a quorum queue and a stream write
  // every message to disk whatever the flag says, a classic queue only the persistent ones.
  const options: Options.Publish = workload.durability.persistent ? { persistent: true } : {};
  if (flavor === 'stream') {
    // Straight into the stream through the default exchange: the routing key is its name.
    return { exchange: () => '', routingKey: (m) => streamName(names, m.topic), options };
  }
  // The key rides as the routing key; the fanout exchange ignores it (said in the plan).
  return { exchange: (m) => names.topic(m.topic), routingKey: (m) => m.key ?? '', options };
}

class RabbitProducer implements LabProducer {
  constructor(
    private readonly link: Link,
    private readonly channel: Channel | ConfirmChannel,
    private readonly confirms: boolean,
    private readonly route: Route,
  ) {}

  async send(batch: LabMessage[]): Promise<void> {
    const failure = this.link.failure();
    if (failure !== undefined) throw failure;
    if (this.confirms) return this.sendConfirmed(batch);
    let flowing = true;
    for (const m of batch) {
      flowing = this.channel.publish(
        this.route.exchange(m),
        this.route.routingKey(m),
        m.payload,
        this.route.options,
      );
    }
    // publish() buffers even when it returns false; 'written' then means once the buffer has
    // drained to the socket, which is also where RabbitMQ's flow control pushes back.
    if (!flowing) await Promise.race([once(this.channel, 'drain'), this.link.failed]);
  }

  private sendConfirmed(batch: LabMessage[]): Promise<void> {
    const channel = this.channel as ConfirmChannel;
    return new Promise((resolve, reject) => {
      let left = batch.length;
      let refused: Error | undefined;
      // amqplib calls back once per message: null on ack, an error on nack or channel close.
      const settle = (error: unknown): void => {
        if (error !== null && error !== undefined && refused === undefined) {
          refused = error instanceof Error ? error : new Error(String(error));
        }
        if (--left === 0) {
          if (refused === undefined) resolve();
          else reject(refused);
        }
      };
      try {
        // The driver's window bounds what is unconfirmed, so a full write buffer needs no
        // wait of its own here: the confirms cannot come before the bytes are out anyway.
        for (const m of batch) {
          channel.publish(
            this.route.exchange(m),
            this.route.routingKey(m),
            m.payload,
            this.route.options,
            settle,
          );
        }
      } catch (error) {
        reject(error as Error);
      }
    });
  }

  close(): Promise<void> {
    return this.link.close();
  }
}

export async function openRabbitProducer(
  flavor: RabbitFlavor,
  ctx: TargetContext,
): Promise<LabProducer> {
  const link = await openLink(ctx.addresses.amqpUrl);
  try {
    // acks 'leader' and 'all' are the same on one node: the confirm is the node's.
    const confirms = ctx.workload.durability.acks !== 'none';
    const channel = confirms
      ? await link.connection.createConfirmChannel()
      : await link.connection.createChannel();
    link.watch(channel);
    return new RabbitProducer(link, channel, confirms, routeFor(flavor, ctx.workload, ctx.names));
  } catch (error) {
    await link.close();
    throw error;
  }
}

class RabbitConsumer implements LabConsumer {
  private consumerTag: string | undefined;

  constructor(
    private readonly link: Link,
    private readonly channel: Channel,
    private readonly queue: string,
    private readonly prefetch: number,
    private readonly consumeArguments: Record<string, unknown>,
  ) {}

  async start(onMessage: (payload: Buffer) => Promise<void> | void): Promise<void> {
    const channel = this.channel;
    await channel.prefetch(this.prefetch);
    // Acks go in runs (multiple=true) rather than one frame per message, but never hold back
    // so many that the prefetch window runs dry.
    const ackEvery = Math.max(1, Math.floor(this.prefetch / 4));
    let queued = 0;
    let unacked = 0;
    // One message at a time, in delivery order, as a single-threaded consumer works: the
    // prefetched rest wait, and that wait is part of their end-to-end latency.
    let tail: Promise<void> = Promise.resolve();
    const done = (msg: ConsumeMessage): void => {
      queued--;
      unacked++;
      if (unacked >= ackEvery || queued === 0) {
        unacked = 0;
        // Everything up to this tag is done: deliveries are worked through in order.
        if (this.link.failure() === undefined) channel.ack(msg, true);
      }
    };
    const reply = await channel.consume(
      this.queue,
      (msg) => {
        // null: the broker cancelled the consumer (its queue deleted under it).
        if (msg === null) return;
        queued++;
        tail = tail.then(async () => {
          try {
            await onMessage(msg.content);
          } finally {
            // Acked even when the handler threw: a requeue would only deliver it again.
            done(msg);
          }
        });
        // The chain must outlive a handler's failure (and an ack on a channel already closed).
        tail = tail.catch(() => undefined);
      },
      { noAck: false, arguments: this.consumeArguments },
    );
    this.consumerTag = reply.consumerTag;
  }

  async close(): Promise<void> {
    if (this.consumerTag !== undefined && this.link.failure() === undefined) {
      await this.channel.cancel(this.consumerTag).catch(() => undefined);
    }
    await this.link.close();
  }
}

/** A consumer that reads nothing, for a part the target cannot express (said in its plan). */
const IDLE_CONSUMER: LabConsumer = {
  start: async () => undefined,
  close: async () => undefined,
};

export async function openRabbitConsumer(
  flavor: RabbitFlavor,
  ctx: TargetContext,
  t: number,
  s: number,
  c: number,
): Promise<LabConsumer> {
  // Over AMQP 0.9.1 every reader of a stream reads all of it: a second consumer of the same
  // subscription would get every message again, not share them.
  if (flavor === 'stream' && c > 0) return IDLE_CONSUMER;
  const link = await openLink(ctx.addresses.amqpUrl);
  try {
    const channel = await link.connection.createChannel();
    link.watch(channel);
    // The stream is this run's own and was empty at setup, so 'first' is every message the
    // run sent, however late a reader attaches (the backlog mode's readers start last).
    const args: Record<string, unknown> = flavor === 'stream' ? { 'x-stream-offset': 'first' } : {};
    return new RabbitConsumer(
      link,
      channel,
      queueOf(flavor, ctx.names, t, s),
      prefetchFor(ctx.workload),
      args,
    );
  } catch (error) {
    await link.close();
    throw error;
  }
}

/** Batches in flight and their size: enough unconfirmed to keep the broker busy. */
export function rabbitWindow(workload: Workload): { inFlight: number; batch: number } {
  if (workload.durability.acks === 'none') return { inFlight: 4, batch: 100 };
  return { inFlight: 10, batch: 100 };
}

/** Plan lines every RabbitMQ target says the same way. */
export function commonPlan(flavor: RabbitFlavor, workload: Workload): TargetPlan {
  const mapping: string[] = [];
  const cannot: string[] = [];
  const { acks } = workload.durability;
  mapping.push(
    acks === 'none'
      ? 'acks none → no publisher confirms: a send is done once amqplib has written it (after a drain when its buffer was full)'
      : `acks ${acks} → publisher confirms on a confirm channel; a batch is done when all its confirms arrived (leader and all are the same on this single node)`,
  );
  mapping.push(
    `each producer and each consumer → a connection and channel of its own (amqplib, TCP_NODELAY)`,
  );
  const prefetch = prefetchFor(workload);
  mapping.push(
    `each consumer → basic.qos prefetch ${prefetch} (${
      prefetch === 10
        ? 'slow consumers hold little, so work spreads evenly'
        : 'enough to keep a fast consumer fed'
    }), works one message at a time and acks in runs (multiple)`,
  );
  if (workload.backlog) {
    mapping.push(
      'backlog → the queues or streams exist from setup, so what is produced before the consumers start waits in them',
    );
  }
  if (workload.keyDistributor !== 'NO_KEY') {
    cannot.push(
      flavor === 'stream'
        ? 'keys: a stream over AMQP 0.9.1 has no keyed placement (the routing key is the stream name), so keys are dropped'
        : 'keys: they ride as routing keys, which a fanout exchange ignores; no key decides a queue or an order',
    );
  }
  if (acks === 'none' && workload.durability.fsync) {
    cannot.push('fsync without acks: with no confirms nothing waits for a disk write');
  }
  return { mapping, cannot };
}

/** A RabbitMQ target of one flavor with its own plan. */
export function rabbitTarget(
  id: TargetId,
  flavor: RabbitFlavor,
  title: string,
  plan: (workload: Workload) => TargetPlan,
): Target {
  return {
    id,
    broker: 'rabbitmq',
    title,
    plan,
    window: rabbitWindow,
    setup: async (ctx) => {
      await declareRabbitObjects(flavor, ctx);
    },
    teardown: (ctx) => deleteRabbitObjects(flavor, ctx),
    openProducer: (ctx) => openRabbitProducer(flavor, ctx),
    openConsumer: (ctx, t, s, c) => openRabbitConsumer(flavor, ctx, t, s, c),
  };
}
