// The crash test on the run's private node: persistent messages into one durable queue and
// transient ones into another, a confirm window in flight, SIGKILL mid-stream; then a read-back
// of both queues from the restarted node, message by message.
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { decodeMessage, encodeMessage, nowMs } from '../src/sdk/amqp/index.ts';
import { waitFor } from '../src/sdk/poll.ts';
import type { ModeCounters } from './modes.ts';
import type { PublisherConfirmsParams } from './params.ts';

// On the private node only: the node and its data are deleted with the run, so these names
// are not the shared broker's to clean up.
export const PERSISTENT_QUEUE = 'persistent-on-durable';
export const TRANSIENT_QUEUE = 'transient-on-durable';

export interface StreamSide {
  published: number;
  confirmed: Set<number>;
}

export interface CrashStream {
  persistent: StreamSide;
  transient: StreamSide;
  unconfirmedAtKill: number;
}

export async function publishCrashStream(
  ctx: RunContext<PublisherConfirmsParams>,
  channel: ConfirmChannel,
  counters: ModeCounters,
  kill: () => Promise<void>,
): Promise<CrashStream> {
  const p = ctx.params;
  await channel.assertQueue(PERSISTENT_QUEUE, { durable: true });
  await channel.assertQueue(TRANSIENT_QUEUE, { durable: true });
  const stream: CrashStream = {
    persistent: { published: 0, confirmed: new Set() },
    transient: { published: 0, confirmed: new Set() },
    unconfirmedAtKill: 0,
  };
  let outstanding = 0;
  let roomWaiter: (() => void) | undefined;
  const pacer = ctx.pacer(() => ctx.params.maxRate);
  const killAt = performance.now() + p.crashAfterMs;
  let seq = 0;
  // Stops at the kill time, or at once when the run is stopped: either way the node is killed
  // with publishes still in flight.
  while (performance.now() < killAt && (await pacer.wait())) {
    const n = seq++;
    const persistent = n % 2 === 0;
    const side = persistent ? stream.persistent : stream.transient;
    const sentAt = performance.now();
    side.published++;
    outstanding++;
    counters.published.inc();
    channel.sendToQueue(
      persistent ? PERSISTENT_QUEUE : TRANSIENT_QUEUE,
      encodeMessage(n, nowMs(), p.messageSize),
      { persistent },
      (err: unknown) => {
        outstanding--;
        // An ack is one the node sent before it died; the kill fails the rest with an error.
        if (err === null || err === undefined) {
          side.confirmed.add(n);
          counters.confirmed.inc();
          counters.latency.record(performance.now() - sentAt);
        }
        roomWaiter?.();
      },
    );
    while (outstanding >= p.window) {
      await new Promise<void>((room) => (roomWaiter = room));
      roomWaiter = undefined;
    }
  }
  stream.unconfirmedAtKill = outstanding;
  await kill();
  return stream;
}

export interface QueueReadBack {
  /** The broker's own count (checkQueue → messageCount) right after the restart. */
  depth: number;
  /** Every sequence number consumed from it. */
  seqs: Set<number>;
}

const READ_TIMEOUT_MS = 3_000;

async function drain(channel: ConfirmChannel, queue: string): Promise<QueueReadBack> {
  const depth = (await channel.checkQueue(queue)).messageCount;
  const seqs = new Set<number>();
  let received = 0;
  const { consumerTag } = await channel.consume(
    queue,
    (msg) => {
      if (msg === null) return;
      received++;
      const decoded = decodeMessage(msg.content);
      if (decoded) seqs.add(decoded.seq);
    },
    { noAck: true },
  );
  await waitFor(() => received >= depth, { withinMs: READ_TIMEOUT_MS, everyMs: 20 });
  await channel.cancel(consumerTag);
  return { depth, seqs };
}

export async function readBack(
  connection: ChannelModel,
): Promise<{ persistent: QueueReadBack; transient: QueueReadBack }> {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => undefined);
  const persistent = await drain(channel, PERSISTENT_QUEUE);
  const transient = await drain(channel, TRANSIENT_QUEUE);
  await channel.close().catch(() => undefined);
  return { persistent, transient };
}
