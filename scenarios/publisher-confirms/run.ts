// Four ways to publish, one after the other on the shared broker, each into a queue of its own
// that nobody consumes, so the broker's own count can be held against the confirms; then, on a
// private node, a stream of persistent and transient messages cut by SIGKILL, and a read-back of
// everything the restarted node still holds.
import type { ConfirmChannel } from 'amqplib';
import type { PrivateRabbitmq, RunContext } from '../src/sdk/contract.ts';
import { AmqpSession, declareQueue } from '../src/sdk/amqp/index.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { publishCrashStream, readBack } from './crash.ts';
import { publishInMode } from './modes.ts';
import type { ModeCounters } from './modes.ts';
import { MODES } from './params.ts';
import type { PublisherConfirmsParams } from './params.ts';

type Ctx = RunContext<PublisherConfirmsParams>;

const median = (xs: number[]): number =>
  xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function runPublisherConfirms(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  // Started at once: it boots (about 5 s) while the modes run on the shared broker.
  const node = p.crash ? ctx.privateRabbitmq({ management: false }) : undefined;
  node?.catch(() => undefined);
  const counters: ModeCounters = {
    published: ctx.metrics.counter('published'),
    confirmed: ctx.metrics.counter('confirmed'),
    latency: ctx.metrics.histogram('confirmLatency'),
  };
  const session = new AmqpSession(ctx.brokers);
  try {
    const connection = await session.connect();
    const setup = await session.channel(connection);
    for (const mode of MODES) {
      if (ctx.signal.aborted) break;
      const queue = await declareQueue(setup, ctx.resources, ctx.names.queue(mode));
      ctx.phase(mode);
      const r = await publishInMode(ctx, session, connection, mode, queue, counters);
      const depth = (await setup.checkQueue(queue)).messageCount;
      const rate = r.seconds > 0 ? Math.round(r.published / r.seconds) : 0;
      ctx.fact(`published.${mode}`, r.published);
      ctx.fact(`confirmed.${mode}`, r.confirmed);
      ctx.fact(`nacked.${mode}`, r.nacked);
      ctx.fact(`depth.${mode}`, depth);
      ctx.fact(`rate.${mode}`, rate);
      ctx.fact(`latencyP50.${mode}`, Number(median(r.latencies).toFixed(3)));
      ctx.event(
        mode === 'fire-and-forget'
          ? `fire-and-forget: ${fmt(rate)} msg/s; RabbitMQ holds ${fmt(depth)} of ${fmt(r.published)} sent, which the publisher could only learn by asking`
          : `${mode}: ${fmt(rate)} msg/s, ${fmt(r.confirmed)} confirmed, median confirm ${median(r.latencies).toFixed(2)} ms; RabbitMQ holds ${fmt(depth)}`,
        { mark: true },
      );
    }
    if (node === undefined) return;
    if (ctx.signal.aborted) {
      // Ended before the crash test: the node is still the run's to close, once it is up.
      await node.catch(() => undefined);
      ctx.event('the run ended before the crash test', 'warn');
      return;
    }
    await crashTest(ctx, await node, counters);
  } finally {
    await session.close();
  }
}

async function crashTest(ctx: Ctx, node: PrivateRabbitmq, counters: ModeCounters): Promise<void> {
  ctx.phase('crash');
  const survived = ctx.metrics.gauge('survived');
  const lost = ctx.metrics.gauge('lost');
  ctx.event(
    `private RabbitMQ node ${node.nodeName} up; streaming persistent and transient messages`,
  );
  const connection = await node.connect();
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  channel.on('error', () => undefined);
  const stream = await publishCrashStream(ctx, channel, counters, async () => {
    const pid = node.pid;
    await node.kill();
    ctx.mark(`SIGKILL to beam.smp (pid ${pid})`, 'fault');
  });
  ctx.event(
    `killed with ${plural(stream.unconfirmedAtKill, 'publish', 'publishes')} unconfirmed; ${fmt(stream.persistent.confirmed.size)} persistent and ${fmt(stream.transient.confirmed.size)} transient confirmed before it; restarting`,
    'warn',
  );
  await connection.close().catch(() => undefined);
  ctx.phase('restart');
  await node.restart();
  ctx.mark('node restarted');
  const after = await node.connect();
  const found = await readBack(after);
  await after.close().catch(() => undefined);

  const countFound = (confirmed: Set<number>, seen: Set<number>): number =>
    [...confirmed].filter((seq) => seen.has(seq)).length;
  const persistentKept = countFound(stream.persistent.confirmed, found.persistent.seqs);
  const transientKept = countFound(stream.transient.confirmed, found.transient.seqs);
  const confirmedTotal = stream.persistent.confirmed.size + stream.transient.confirmed.size;
  survived.set(persistentKept + transientKept);
  lost.set(confirmedTotal - persistentKept - transientKept);
  ctx.fact('crashRan', true);
  ctx.fact('persistentPublished', stream.persistent.published);
  ctx.fact('persistentConfirmed', stream.persistent.confirmed.size);
  ctx.fact('persistentDepthAfter', found.persistent.depth);
  ctx.fact('persistentConfirmedFound', persistentKept);
  ctx.fact('persistentUnconfirmedFound', found.persistent.seqs.size - persistentKept);
  ctx.fact('transientPublished', stream.transient.published);
  ctx.fact('transientConfirmed', stream.transient.confirmed.size);
  ctx.fact('transientDepthAfter', found.transient.depth);
  ctx.fact('transientConfirmedFound', transientKept);
  ctx.fact('unconfirmedAtKill', stream.unconfirmedAtKill);
  ctx.event(
    `after the restart: ${fmt(persistentKept)} of ${fmt(stream.persistent.confirmed.size)} confirmed persistent messages are back, ${fmt(transientKept)} of ${fmt(stream.transient.confirmed.size)} transient ones`,
    { mark: true },
  );
}
