// One way of publishing for `modeSec` seconds: no confirms, wait for each, wait per batch, or a
// bounded window of confirms in flight. Each confirm's latency is its publish → the broker's ack.
import { once } from 'node:events';
import type { Channel, ConfirmChannel, ChannelModel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import type { AmqpSession } from '../src/sdk/amqp/index.ts';
import { encodeMessage, nowMs } from '../src/sdk/amqp/index.ts';
import type { Mode, PublisherConfirmsParams } from './params.ts';

export interface ModeCounters {
  published: Counter;
  confirmed: Counter;
  latency: Histogram;
}

export interface ModeResult {
  published: number;
  confirmed: number;
  nacked: number;
  seconds: number;
  /** Confirm latencies in ms (a sample: the first 20,000). */
  latencies: number[];
}

const SAMPLE = 20_000;
const SETTLE_TIMEOUT_MS = 5_000;

export async function publishInMode(
  ctx: RunContext<PublisherConfirmsParams>,
  session: AmqpSession,
  connection: ChannelModel,
  mode: Mode,
  queue: string,
  counters: ModeCounters,
): Promise<ModeResult> {
  const p = ctx.params;
  const result: ModeResult = { published: 0, confirmed: 0, nacked: 0, seconds: 0, latencies: [] };
  const pacer = ctx.pacer(() => ctx.params.maxRate);
  const started = performance.now();
  const deadline = started + p.modeSec * 1000;
  const more = async (): Promise<boolean> => performance.now() < deadline && (await pacer.wait());
  const body = (): Buffer => encodeMessage(result.published, nowMs(), p.messageSize);

  if (mode === 'fire-and-forget') {
    const channel: Channel = await session.channel(connection);
    while (await more()) {
      const flowing = channel.sendToQueue(queue, body(), { persistent: true });
      result.published++;
      counters.published.inc();
      if (!flowing) await once(channel, 'drain');
    }
    result.seconds = (performance.now() - started) / 1000;
    // The publisher has no confirm to wait for; give the broker a moment to count what arrived.
    await ctx.sleep(300);
    return result;
  }

  const channel: ConfirmChannel = await session.confirmChannel(connection);
  let outstanding = 0;
  let roomWaiter: (() => void) | undefined;
  const send = (): Promise<void> => {
    const sentAt = performance.now();
    outstanding++;
    result.published++;
    counters.published.inc();
    return new Promise((settled) => {
      channel.sendToQueue(queue, body(), { persistent: true }, (err: unknown) => {
        outstanding--;
        if (err === null || err === undefined) {
          const ms = performance.now() - sentAt;
          result.confirmed++;
          counters.confirmed.inc();
          counters.latency.record(ms);
          if (result.latencies.length < SAMPLE) result.latencies.push(ms);
        } else {
          result.nacked++;
        }
        roomWaiter?.();
        settled();
      });
    });
  };

  if (mode === 'confirm-each') {
    while (await more()) await send();
  } else if (mode === 'batched') {
    while (await more()) {
      const batch: Promise<void>[] = [send()];
      while (batch.length < ctx.params.batchSize && (await more())) batch.push(send());
      await Promise.all(batch);
    }
  } else {
    while (await more()) {
      void send();
      while (outstanding >= ctx.params.window) {
        await new Promise<void>((room) => (roomWaiter = room));
        roomWaiter = undefined;
      }
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  await Promise.race([
    channel.waitForConfirms().catch(() => undefined),
    new Promise((r) => setTimeout(r, SETTLE_TIMEOUT_MS)),
  ]);
  return result;
}
