import type { RunContext } from '../src/sdk/contract.ts';
import { Throttle, withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  SeenSet,
  declareExchange,
  declareQueue,
} from '../src/sdk/amqp/index.ts';
import type { Binding } from './bindings.ts';
import { bindingSet, routeTable } from './bindings.ts';
import { FINAL_PHASE_MS, finishRouting } from './final-phase.ts';
import {
  EVENTS,
  KINDS,
  MessageLog,
  REGIONS,
  decodeFacts,
  encodeFacts,
  headersOf,
  routingKeyOf,
} from './messages.ts';
import { routedKey } from './metrics.ts';
import { bindingsStory, routeStory, unroutableStory } from './narration.ts';
import type { RoutingParams } from './params.ts';

// Consumers take messages as fast as they come; the prefetch only bounds what is in flight.
const CONSUMER_PREFETCH = 200;
// The first message of each kind is narrated, one line at most this often.
const ROUTE_STORY_EVERY_MS = 700;
const ROUTE_STORIES = 8;

export async function runRouting(ctx: RunContext<RoutingParams>): Promise<void> {
  const { exchangeType, unroutable: mode } = ctx.params;
  const queues = bindingSet(ctx.params);
  const routes = routeTable(exchangeType, queues);
  const session = new AmqpSession(ctx.brokers);
  const onError = (error: unknown): void => session.failure.fail(error);
  const log = new MessageLog();
  const draw = (): number =>
    encodeFacts({
      region: REGIONS[ctx.random.int(REGIONS.length)] ?? 'eu',
      kind: KINDS[ctx.random.int(KINDS.length)] ?? 'order',
      event: EVENTS[ctx.random.int(EVENTS.length)] ?? 'created',
      retry: ctx.random.next() * 100 < ctx.params.retryPercent,
    });
  const codeOf = (seq: number): number => log.codeOf(seq, draw);
  const keyOf = (seq: number): string => routingKeyOf(decodeFacts(codeOf(seq)));
  const consumers: CountingConsumer[] = [];
  const unroutableCounter = ctx.metrics.counter('unroutable');

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);
    const exchange = ctx.names.exchange(exchangeType);
    let unroutedQueue: string | undefined;
    if (mode === 'alternate-exchange') {
      const alternate = ctx.names.exchange('alternate');
      await declareExchange(admin, ctx.resources, alternate, 'fanout');
      unroutedQueue = await declareQueue(admin, ctx.resources, ctx.names.queue('unrouted'));
      await admin.bindQueue(unroutedQueue, alternate, '');
      await declareExchange(admin, ctx.resources, exchange, exchangeType, {
        alternateExchange: alternate,
      });
    } else {
      await declareExchange(admin, ctx.resources, exchange, exchangeType);
    }
    const queueNames = queues.map((q) => ctx.names.queue(q.id));
    for (const [i, queue] of queues.entries()) {
      const name = queueNames[i] ?? '';
      await declareQueue(admin, ctx.resources, name);
      for (const binding of queue.bindings) await bind(admin, name, exchange, binding);
    }

    for (const [i, queue] of queues.entries()) {
      const consumer = new CountingConsumer(await session.channel(consuming), {
        queue: queueNames[i] ?? '',
        prefetch: CONSUMER_PREFETCH,
        recorders: { delivered: [ctx.metrics.counter(routedKey(queue.id))] },
        onError,
      });
      await consumer.start();
      consumers.push(consumer);
    }
    let firstUnroutable = true;
    const noteUnroutable = (seq: number | undefined): void => {
      if (!firstUnroutable || seq === undefined) return;
      firstUnroutable = false;
      ctx.event(unroutableStory(mode, keyOf(seq)), { mark: true });
    };
    let unroutedConsumer: CountingConsumer | undefined;
    if (unroutedQueue !== undefined) {
      unroutedConsumer = new CountingConsumer(await session.channel(consuming), {
        queue: unroutedQueue,
        prefetch: CONSUMER_PREFETCH,
        recorders: { delivered: [unroutableCounter] },
        onDelivery: (_msg, decoded) => noteUnroutable(decoded?.seq),
        onError,
      });
      await unroutedConsumer.start();
    }
    ctx.event(bindingsStory(exchangeType, queues));

    const returned = new SeenSet();
    const told = new Set<number>();
    const throttle = new Throttle(ROUTE_STORY_EVERY_MS);
    const publisher = new ConfirmedPublisher(await session.confirmChannel(publishing), {
      exchange,
      // A headers exchange ignores the key; it is set anyway, as real publishers do.
      routingKey: (seq) => {
        const code = codeOf(seq);
        const route = routes[code];
        if (told.size < ROUTE_STORIES && !told.has(code) && route && throttle.allow('route')) {
          told.add(code);
          ctx.event(routeStory(keyOf(seq), route, queues, mode));
        }
        return keyOf(seq);
      },
      ...(exchangeType === 'headers'
        ? { properties: (seq: number) => ({ headers: headersOf(decodeFacts(codeOf(seq))) }) }
        : {}),
      messageSize: 32,
      mandatory: mode === 'return',
      failed: session.failure.failed,
      counters: {
        published: ctx.metrics.counter('published'),
        confirmed: ctx.metrics.counter('confirmed'),
        ...(mode === 'return' ? { returned: unroutableCounter } : {}),
      },
      onReturn: (seq) => {
        if (seq !== undefined) returned.add(seq);
        noteUnroutable(seq);
      },
    });
    ctx.onParamsChange((changed) => {
      if (changed.includes('retryPercent')) {
        ctx.event(
          `retries are now ${ctx.params.retryPercent}% of messages: four-word keys ending in .retry, and the header retry=yes`,
        );
      }
    });

    await publisher.run(
      ctx.pacer(() => ctx.params.messagesPerSec),
      ctx.signal,
    );
    session.failure.check();
    await withDeadline(
      finishRouting({
        ctx,
        publisher,
        queues,
        routes,
        codeOf,
        consumers,
        queueNames,
        admin,
        returned,
        unroutedConsumer,
        unroutedQueue,
        failure: session.failure,
      }),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    for (const consumer of consumers) await consumer.close();
    await session.close();
  }
  session.failure.check();
}

async function bind(
  channel: Awaited<ReturnType<AmqpSession['channel']>>,
  queue: string,
  exchange: string,
  binding: Binding,
): Promise<void> {
  if ('key' in binding) {
    await channel.bindQueue(queue, exchange, binding.key);
  } else {
    await channel.bindQueue(queue, exchange, '', {
      'x-match': binding.headers.match,
      ...binding.headers.args,
    });
  }
}
