import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, Throttle, fmt, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  QueueDepthPoller,
  declareQueue,
  readQueueDepths,
} from '../src/sdk/amqp/index.ts';
import { RpcClient } from './client.ts';
import { ClientLedger, ServerLog } from './ledger.ts';
import { answeredKey } from './metrics.ts';
import { capacityStory, setupStory, slowServerStory } from './narration.ts';
import type { RpcParams } from './params.ts';
import { RpcServer } from './server.ts';

const REQUEST_SIZE = 64;
// After the stop: confirms, then every request answered and every reply in (the servers'
// sleeps return at once once the run stops), then the broker's count; inside the 8 s budget.
const CONFIRM_WAIT_MS = 1000;
const SETTLE_WAIT_MS = 3000;
const FINAL_PHASE_MS = 5000;

export async function runRpc(ctx: RunContext<RpcParams>): Promise<void> {
  const { clients: clientCount, servers: serverCount, prefetch } = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const requestQueue = ctx.names.queue('requests');
  const log = new ServerLog();
  const ledger = new ClientLedger();
  const recorders = {
    requests: ctx.metrics.counter('requests'),
    replies: ctx.metrics.counter('replies'),
    timeouts: ctx.metrics.counter('timeouts'),
    lateReplies: ctx.metrics.counter('lateReplies'),
    rtt: ctx.metrics.histogram('rtt'),
  };
  const waitingGauge = ctx.metrics.gauge('waiting');
  const servers: RpcServer[] = [];
  const clients: RpcClient[] = [];
  let poller: QueueDepthPoller | undefined;
  let draining = false;

  try {
    // Servers reply and then ack, two small writes: without this, Nagle's algorithm holds
    // each reply back ~40 ms and the servers, not the params, set the pace.
    const serving = await session.connect();
    const admin = await session.channel(serving);
    await declareQueue(admin, ctx.resources, requestQueue);
    for (let i = 1; i <= serverCount; i++) {
      const server = new RpcServer(await session.channel(serving), {
        requestQueue,
        prefetch,
        workMs: () => ctx.params.serviceTimeMs + (i === 1 ? ctx.params.slowServerDelayMs : 0),
        sleep: (ms) => ctx.sleep(ms),
        log,
        answered: ctx.metrics.counter(answeredKey(i)),
        onError,
      });
      await server.start();
      servers.push(server);
    }

    const narrate = new Throttle(2000);
    let firstTimeout = true;
    const calling = await session.connect();
    for (let c = 0; c < clientCount; c++) {
      const client = new RpcClient(await session.confirmChannel(calling), {
        requestQueue,
        messageSize: REQUEST_SIZE,
        timeoutMs: () => ctx.params.timeoutMs,
        ledger,
        recorders,
        onTimeout: (seq, waitedMs) => {
          if (firstTimeout) {
            firstTimeout = false;
            ctx.event(
              `first timeout: request #${seq} had no reply after ${waitedMs} ms, so its client gave up; the server holding it is not told and works on`,
              { level: 'warn', mark: true },
            );
          } else if (narrate.allow('timeouts')) {
            ctx.event(
              `${fmt(recorders.timeouts.total)} timeouts so far, of ${fmt(recorders.requests.total)} requests`,
            );
          }
        },
        onLateReply: (seq, lateByMs) => {
          if (!draining && narrate.allow('late')) {
            ctx.event(
              `the reply to request #${seq} arrived ${fmt(Math.round(lateByMs))} ms after its client gave up: matched by correlation id to a request no one waits for, and discarded`,
            );
          }
        },
        onError,
      });
      await client.start();
      clients.push(client);
    }
    const awaiting = (): number => clients.reduce((n, c) => n + c.awaiting, 0);

    const backlog = new ThresholdNarrator(
      100,
      (depth) =>
        ctx.event(`${fmt(depth)} requests wait in the queue: ${capacityStory(ctx.params)}`, 'warn'),
      () => ctx.event('the request queue is empty again: the servers caught up'),
    );
    poller = new QueueDepthPoller(admin, [requestQueue], {
      gauges: [ctx.metrics.gauge('requestQueueDepth')],
      onReading: ([depth]) => {
        waitingGauge.set(awaiting());
        if (!draining) backlog.observe(depth ?? 0);
      },
      onError,
    });
    poller.start();

    ctx.event(setupStory(ctx.params));
    ctx.event(`${slowServerStory(ctx.params)}; ${capacityStory(ctx.params)}`);
    ctx.onParamsChange((changed) => {
      if (draining) return;
      if (changed.some((f) => ['slowServerDelayMs', 'timeoutMs', 'serviceTimeMs'].includes(f))) {
        ctx.event(slowServerStory(ctx.params));
      }
      if (
        changed.some((f) => ['requestsPerSec', 'serviceTimeMs', 'slowServerDelayMs'].includes(f))
      ) {
        ctx.event(capacityStory(ctx.params));
      }
    });

    // One pacer for all clients: requestsPerSec is the total. Request numbers are shared, so
    // a correlation id names one request across every client.
    const pacer = ctx.pacer(() => ctx.params.requestsPerSec);
    let next = 0;
    await Promise.all(
      clients.map(async (client) => {
        while (await Promise.race([pacer.wait(), failure.failed])) {
          await client.send(next++, ctx.signal);
        }
      }),
    );
    failure.check();
    draining = true;
    ctx.mark('clients stopped sending; the servers answer what is left at once');

    await withDeadline(
      (async () => {
        const confirms = clients.map((c) =>
          waitFor(() => c.unconfirmed === 0, { withinMs: CONFIRM_WAIT_MS, everyMs: 10 }),
        );
        await Promise.all(confirms);
        const confirmed = clients.reduce((n, c) => n + c.confirmed, 0);
        // Every confirmed request answered, every answer in, no client still waiting.
        const settled = await waitFor(
          () =>
            log.received >= confirmed &&
            servers.every((s) => s.holding === 0) &&
            ledger.received.size >= log.answered.size &&
            awaiting() === 0,
          { withinMs: SETTLE_WAIT_MS, everyMs: 20 },
        );
        if (!settled) {
          ctx.event(
            `after ${SETTLE_WAIT_MS} ms, ${awaiting()} requests still await a reply and ${fmt(log.answered.size - ledger.received.size)} answers are not in`,
            'warn',
          );
        }
        await poller?.stop();
        waitingGauge.set(awaiting());
        const [depth] = await readQueueDepths(admin, [requestQueue]);
        const timedOutUnanswered = log.answered.missingFrom(ledger.timedOut);
        ctx.fact('requestsConfirmed', confirmed);
        ctx.fact(
          'requestsNacked',
          clients.reduce((n, c) => n + c.nacked, 0),
        );
        ctx.fact('requestQueueDepth', depth ?? -1);
        ctx.fact('serversReceived', log.received);
        ctx.fact('serversAnswered', log.answered.size);
        ctx.fact('serversAnsweredTwice', log.answeredTwice);
        ctx.fact('clientsReceived', ledger.received.size);
        ctx.fact('answeredNotReceived', ledger.received.missingFrom(log.answered));
        ctx.fact('receivedNotAnswered', log.answered.missingFrom(ledger.received));
        ctx.fact('duplicateReplies', ledger.duplicates);
        ctx.fact('wrongBodies', ledger.wrongBodies);
        ctx.fact('unknownReplies', ledger.unknown);
        ctx.fact('answeredAfterTimeout', ledger.timedOut.size - timedOutUnanswered);
        ctx.fact('stillAwaiting', awaiting());
        const timeouts = recorders.timeouts.total;
        ctx.event(
          `done: ${fmt(confirmed)} requests confirmed, ${fmt(recorders.replies.total)} answered in time, ${fmt(timeouts)} timed out` +
            (timeouts > 0
              ? `; the servers answered ${fmt(ledger.timedOut.size - timedOutUnanswered)} of those anyway, work thrown away`
              : ''),
        );
      })(),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    await poller?.stop();
    for (const client of clients) client.stop();
    for (const server of servers) await server.close();
    await session.close();
  }
  failure.check();
}
