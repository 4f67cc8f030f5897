// Redis pub/sub as a comparison target: PUBLISH to one channel per topic, one SUBSCRIBE
// connection per subscription. Redis keeps nothing: a message goes to whoever is subscribed at
// that instant, through each subscriber's output buffer, and a subscriber whose buffer passes
// `client-output-buffer-limit pubsub` is disconnected — what it had not read is lost. The
// subscriber here stops reading its socket while it is behind, so that limit, not this process's
// memory, decides; the losses show in the run's counts.
import { BatchEncoder, RespConnection, RespError, encodeCommand } from './resp-wire.ts';
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

const BATCH_BYTES = 128 * 1024;
// What a subscriber holds before it stops reading its socket (it resumes below half): a few
// MB, so Redis's own buffer for it, not this process's memory, absorbs a slow consumer.
const HELD_MAX = 2_000;
const HELD_MAX_BYTES = 4 * 1024 * 1024;
const RECONNECT_MS = 100;

function pubsubPlan(w: Workload): TargetPlan {
  const mapping = [
    `topics → ${w.topics} channel(s), one per topic; PUBLISH, pipelined`,
    `subscriptionsPerTopic → ${w.subscriptionsPerTopic} SUBSCRIBE connection(s) per channel; each gets every message`,
    w.durability.acks === 'none'
      ? 'acks none → CLIENT REPLY OFF: a batch of PUBLISH is done once written to the socket'
      : `acks ${w.durability.acks} → PUBLISH’s reply (how many subscribers it was handed to): Redis took it, nothing more`,
    'a subscriber that falls behind is disconnected by Redis at client-output-buffer-limit pubsub; it resubscribes, and what was published meanwhile is lost (counted as losses)',
  ];
  const cannot = [
    'no persistence, no acknowledgement by the consumer, no redelivery: a message nobody is subscribed to at that instant is gone',
    `partitionsPerTopic ${w.partitionsPerTopic} → not a pub/sub notion: one channel per topic; keys route nothing`,
  ];
  if (w.consumerPerSubscription > 1) {
    cannot.push(
      `consumerPerSubscription ${w.consumerPerSubscription} → pub/sub cannot share a subscription: every subscriber gets every message, so each subscription is one connection and the other ${w.consumerPerSubscription - 1} consumer(s) are left idle (the work is not spread)`,
    );
  }
  if (w.durability.persistent || w.durability.fsync) {
    cannot.push('persistent / fsync → pub/sub writes nothing anywhere; these cannot be had');
  }
  if (w.durability.acks === 'all') {
    cannot.push('acks all → there are no replicas to wait for, and pub/sub would not wait anyway');
  }
  const plan: TargetPlan = { mapping, cannot };
  if (w.backlog) {
    plan.unsupported =
      'backlog: pub/sub keeps nothing for a subscriber that is not there, so messages produced before the consumers start are not delivered at all';
  }
  return plan;
}

function batchSize(w: Workload): number {
  return Math.min(500, Math.max(10, Math.floor(BATCH_BYTES / w.messageSize)));
}

// Channels exist only while someone subscribes or publishes: nothing to make or remove.
async function setup(): Promise<void> {}
async function teardown(): Promise<void> {}

async function openProducer(ctx: TargetContext, t: number, p: number): Promise<LabProducer> {
  const connection = await RespConnection.open({
    url: ctx.addresses.redisUrl,
    name: `${ctx.names.runId}-p${t}-${p}`,
  });
  const encoder = new BatchEncoder(['PUBLISH', ctx.names.topic(t)]);
  const noReplies = ctx.workload.durability.acks === 'none';
  if (noReplies) await connection.write(encodeCommand(['CLIENT', 'REPLY', 'OFF']));
  return {
    send: async (batch: LabMessage[]) => {
      const bytes = encoder.encode(batch.map((m) => m.payload));
      if (noReplies) await connection.write(bytes);
      else await connection.pipeline(bytes, batch.length);
    },
    close: async () => connection.close(),
  };
}

const MESSAGE = Buffer.from('message');
const SUBSCRIBE = Buffer.from('subscribe');

async function openConsumer(
  ctx: TargetContext,
  t: number,
  s: number,
  c: number,
): Promise<LabConsumer> {
  // A second member of a subscription would get every message again: it does not subscribe.
  if (c > 0) return { start: async () => undefined, close: async () => undefined };
  const channel = ctx.names.topic(t);
  const name = `${ctx.names.runId}-c${t}-${s}`;
  let connection: RespConnection | undefined;
  let closing = false;
  const held: Buffer[] = [];
  let heldAt = 0;
  let heldBytes = 0;
  let paused = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> = Promise.resolve();

  const resubscribe = (): void => {
    if (closing) return;
    setTimeout(() => {
      if (!closing) subscribe().catch(() => resubscribe());
    }, RECONNECT_MS);
  };
  const subscribe = async (): Promise<void> => {
    const opened = await RespConnection.open({ url: ctx.addresses.redisUrl, name });
    connection = opened;
    paused = false;
    let confirmed: (() => void) | undefined;
    const subscribed = new Promise<void>((resolve) => (confirmed = resolve));
    opened.onPush = (value: RespValue) => {
      if (!Array.isArray(value)) {
        if (value instanceof RespError) opened.close();
        return;
      }
      const kind = value[0];
      if (Buffer.isBuffer(kind) && kind.equals(MESSAGE)) {
        const payload = value[2] as Buffer;
        held.push(payload);
        heldBytes += payload.length;
        if ((held.length - heldAt >= HELD_MAX || heldBytes >= HELD_MAX_BYTES) && !paused) {
          paused = true;
          opened.pause();
        }
        wake?.();
      } else if (Buffer.isBuffer(kind) && kind.equals(SUBSCRIBE)) confirmed?.();
    };
    // Redis closes a subscriber past its output buffer limit: subscribe again, and what was
    // published in between is lost, as for any subscriber.
    opened.onLost = () => resubscribe();
    await opened.write(encodeCommand(['SUBSCRIBE', channel]));
    await subscribed;
  };

  return {
    start: async (onMessage) => {
      await subscribe();
      loop = (async () => {
        while (!closing) {
          if (heldAt >= held.length) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
          }
          const payload = held[heldAt++] as Buffer;
          heldBytes -= payload.length;
          await onMessage(payload);
          if (heldAt > 4096 && heldAt * 2 > held.length) {
            held.splice(0, heldAt);
            heldAt = 0;
          }
          if (paused && held.length - heldAt < HELD_MAX / 2 && heldBytes < HELD_MAX_BYTES / 2) {
            paused = false;
            connection?.resume();
          }
        }
      })();
      loop.catch(() => undefined);
    },
    close: async () => {
      closing = true;
      wake?.();
      await loop.catch(() => undefined);
      connection?.close();
    },
  };
}

export const redisPubsubTarget: Target = {
  id: 'redis-pubsub',
  broker: 'redis',
  title: 'Redis pub/sub (fire and forget)',
  plan: pubsubPlan,
  window: (w) => ({ inFlight: 4, batch: batchSize(w) }),
  setup,
  teardown,
  openProducer,
  openConsumer,
};
