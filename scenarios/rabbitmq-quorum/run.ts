// A three-node cluster of the run's own; a quorum queue and a classic queue declared from node 1,
// so both live there (the quorum queue's leader, the classic queue's only copy); a confirmed
// publisher on each. At `killAtSec` the node the broker names as the quorum leader is killed
// (SIGKILL); both publishers reconnect to the next node and keep going; at `restartAtSec` it
// comes back. After the load, a full drain of each queue is held against the confirmed ids.
import { setTimeout as delay } from 'node:timers/promises';
import type { RabbitmqCluster, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { poll, waitFor } from '../src/sdk/poll.ts';
import { drainQueue, missing } from './drain.ts';
import type { Drained } from './drain.ts';
import { FailoverPublisher } from './failover-publisher.ts';
import { OutageClock } from './outage-clock.ts';
import { QUEUE_KINDS } from './params.ts';
import type { QueueKind, RabbitmqQuorumParams } from './params.ts';
import { CLUSTER_SIZE } from './topology.ts';

// On the run's private cluster only: it is deleted with the run, so these names are not the
// shared broker's to clean up.
export const QUEUE_NAME: Record<QueueKind, string> = {
  quorum: 'orders.quorum',
  classic: 'orders.classic',
};

/** Resolves with the promise's value, or undefined as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  promise.catch(() => undefined); // abandoned on abort: the run's close kills what it started
  if (signal.aborted) return Promise.resolve(undefined);
  return Promise.race([
    promise,
    new Promise<undefined>((done) =>
      signal.addEventListener('abort', () => done(undefined), { once: true }),
    ),
  ]);
}

interface KillState {
  node?: string;
  atMs?: number;
  restartedAtMs?: number;
  restarting?: Promise<void>;
  /** Asking the cluster for the quorum queue's new leader, after the kill. */
  leaderWatch?: Promise<void>;
  /** The watch ended on its own: a new leader named, or none within LEADER_WITHIN_MS. */
  leaderSettled?: boolean;
}

const LEADER_WITHIN_MS = 15_000;

async function leaderOf(cluster: RabbitmqCluster, queue: string): Promise<string | undefined> {
  const queues = await cluster.queues().catch(() => []);
  return queues.find((q) => q.name === queue)?.leader;
}

export async function runRabbitmqQuorum(ctx: RunContext<RabbitmqQuorumParams>): Promise<void> {
  const p = ctx.params;
  ctx.phase('cluster start');
  const started = await untilAborted(
    ctx.privateRabbitmqCluster({ size: CLUSTER_SIZE }),
    ctx.signal,
  );
  if (!started) {
    ctx.event('the run ended before the cluster had formed: nothing published', 'warn');
    return;
  }
  const cluster: RabbitmqCluster = started;
  const [home = 'rabbitmq-1', ...others] = cluster.nodes;

  // Declared from a connection to node 1: a quorum queue's leader and a classic queue's process
  // are placed on the declaring client's node (queue-leader-locator client-local).
  const setup = await cluster.connect(home);
  const setupChannel = await setup.createChannel();
  await setupChannel.assertQueue(QUEUE_NAME.quorum, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await setupChannel.assertQueue(QUEUE_NAME.classic, { durable: true });
  await setup.close();
  const before = await cluster.queues();
  const quorumBefore = before.find((q) => q.name === QUEUE_NAME.quorum);
  const classicHome = before.find((q) => q.name === QUEUE_NAME.classic)?.leader;
  ctx.fact('leaderBefore', quorumBefore?.leader ?? 'unknown');
  ctx.fact('classicHome', classicHome ?? 'unknown');
  ctx.event(
    `quorum queue: leader on ${quorumBefore?.leader ?? '?'}, replicas on ${quorumBefore?.members.join(', ') ?? '?'}; classic queue on ${classicHome ?? '?'} only`,
  );

  const total = ctx.metrics.counter('confirmed');
  const clocks: Record<QueueKind, OutageClock> = {
    quorum: new OutageClock(),
    classic: new OutageClock(),
  };
  const publishers: Record<QueueKind, FailoverPublisher> = {
    quorum: publisherFor('quorum'),
    classic: publisherFor('classic'),
  };
  function publisherFor(kind: QueueKind): FailoverPublisher {
    return new FailoverPublisher({
      cluster,
      queue: QUEUE_NAME[kind],
      // Start on the queues' node; after it dies, the next one.
      nodes: [home, ...others],
      persistent: kind === 'quorum' || p.classicMessages === 'persistent',
      checkQueue: p.reconnect === 'check-queue',
      counters: {
        confirmed: [ctx.metrics.counter(`confirmed.${kind}`), total],
        failed: ctx.metrics.counter(`failed.${kind}`),
      },
      clock: clocks[kind],
      elapsedMs: () => ctx.elapsedMs(),
      event: (message) => ctx.event(message),
    });
  }

  ctx.phase('load');
  const loadStartSec = ctx.elapsedMs() / 1000;
  const kill: KillState = {};
  const leaderWatchStop = new AbortController();
  ctx.faults.at(loadStartSec + p.killAtSec, async () => {
    const target = (await leaderOf(cluster, QUEUE_NAME.quorum)) ?? home;
    kill.node = target;
    kill.atMs = ctx.elapsedMs();
    await ctx.faults.act(target, 'kill');
    ctx.fact('killedNode', target);
    ctx.fact('killedAtMs', kill.atMs);
    // The broker's own word on where the leader went (rabbitmqctl on a surviving node). It may
    // outlast the load: the final phase waits for it a little, then cuts it short.
    kill.leaderWatch = (async () => {
      let after: string | undefined;
      const moved = await waitFor(
        async () => {
          after = await leaderOf(cluster, QUEUE_NAME.quorum);
          return after !== undefined && after !== target;
        },
        // Each rabbitmqctl call boots an Erlang VM: ask once a second, not more.
        { withinMs: LEADER_WITHIN_MS, everyMs: 1_000, signal: leaderWatchStop.signal },
      );
      // Cut short, the final phase has already said so.
      if (leaderWatchStop.signal.aborted) return;
      kill.leaderSettled = true;
      if (moved && after) {
        ctx.fact('leaderAfter', after);
        ctx.event(`the cluster elected a new quorum leader: ${after}`, { mark: true });
      }
    })();
    await kill.leaderWatch;
  });
  if (p.restartAtSec > 0) {
    ctx.faults.at(loadStartSec + Math.max(p.restartAtSec, p.killAtSec + 0.5), async () => {
      if (!kill.node) return;
      kill.restarting = ctx.faults.act(kill.node, 'restart').then(() => {
        kill.restartedAtMs = ctx.elapsedMs();
        ctx.fact('restartedAtMs', kill.restartedAtMs);
      });
      await kill.restarting;
    });
  }

  const gauges = QUEUE_KINDS.map(
    (k) => [ctx.metrics.gauge(`unavailableMs.${k}`), clocks[k]] as const,
  );
  const longest = ctx.metrics.gauge('unavailableMs');
  const showOutages = (): void => {
    for (const [gauge, clock] of gauges) gauge.set(Math.round(clock.unavailableMs));
    longest.set(Math.round(Math.max(...QUEUE_KINDS.map((k) => clocks[k].unavailableMs))));
  };
  const clockStop = new AbortController();
  const clockPoll = poll(showOutages, 250, clockStop.signal);

  const pacers = {
    quorum: ctx.pacer(() => ctx.params.messagesPerSec),
    classic: ctx.pacer(() => ctx.params.messagesPerSec),
  };
  await Promise.all(QUEUE_KINDS.map((k) => publishers[k].run(pacers[k], ctx.signal)));

  // The load has stopped. A restart under way is let finish (bounded), so the drain sees the node.
  if (kill.restarting) await Promise.race([kill.restarting.catch(() => undefined), delay(3_000)]);
  if (kill.leaderWatch) await Promise.race([kill.leaderWatch, delay(1_500)]);
  leaderWatchStop.abort();
  if (kill.leaderWatch && !kill.leaderSettled) ctx.fact('leaderWatchCutShort', true);
  await Promise.all(QUEUE_KINDS.map((k) => publishers[k].close(1_000)));
  clockStop.abort();
  await clockPoll;
  showOutages();
  await count(ctx, cluster, publishers, kill);
}

async function count(
  ctx: RunContext<RabbitmqQuorumParams>,
  cluster: RabbitmqCluster,
  publishers: Record<QueueKind, FailoverPublisher>,
  kill: KillState,
): Promise<void> {
  const alive = ctx.faults
    .view()
    .nodes.filter((n) => n.state === 'running')
    .map((n) => n.name);
  // A fresh connection, on a node that was never killed when there is one.
  const reader = alive.find((n) => n !== kill.node) ?? alive[0];
  if (!reader) {
    ctx.event('no node left running: nothing to drain', 'warn');
    return;
  }
  const connection = await cluster.connect(reader);
  const drained: Partial<Record<QueueKind, Drained>> = {};
  try {
    for (const kind of QUEUE_KINDS)
      drained[kind] = await drainQueue(connection, QUEUE_NAME[kind], 1_500);
  } finally {
    await connection.close().catch(() => undefined);
  }
  let lostBoth = 0;
  for (const kind of QUEUE_KINDS) {
    const pub = publishers[kind];
    const result = drained[kind];
    ctx.fact(`confirmed.${kind}`, pub.confirmed.size);
    ctx.fact(`published.${kind}`, pub.published);
    if (!result?.reachable) {
      ctx.fact(`reachable.${kind}`, false);
      if (kind === 'classic') ctx.metrics.gauge('unreachable.classic').set(pub.confirmed.size);
      ctx.event(
        `${kind} queue: not readable from ${reader} (${result?.reachable === false ? result.reason : 'no answer'}); its ${plural(pub.confirmed.size, 'confirmed message')} are unreachable while its node is down`,
        'warn',
      );
      continue;
    }
    const window =
      kill.atMs === undefined
        ? undefined
        : { fromMs: kill.atMs, toMs: kill.restartedAtMs ?? Number.POSITIVE_INFINITY };
    const { lost, outside } = missing(
      pub.confirmed,
      result.ids,
      pub.published,
      pub.confirmedAtMs,
      window,
    );
    ctx.fact(`reachable.${kind}`, true);
    ctx.fact(`depth.${kind}`, result.depth);
    ctx.fact(`drained.${kind}`, result.ids.size);
    ctx.fact(`drainComplete.${kind}`, result.complete);
    ctx.fact(`lost.${kind}`, lost);
    ctx.fact(`lostOutsideOutage.${kind}`, outside);
    ctx.metrics.gauge(`lost.${kind}`).set(lost);
    lostBoth += lost;
    ctx.event(
      `${kind} queue, drained from ${reader}: ${fmt(result.ids.size)} messages for ${fmt(pub.confirmed.size)} confirmed; ${plural(lost, 'confirmed message')} missing`,
      lost > 0 ? 'warn' : 'info',
    );
  }
  ctx.metrics.gauge('lost').set(lostBoth);
  if (kill.atMs !== undefined) {
    // Confirms while the killed node was down: the quorum queue went on without it.
    const from = kill.atMs;
    const to = kill.restartedAtMs ?? Number.POSITIVE_INFINITY;
    const whileDown = publishers.quorum.confirmedAtMs.filter((t) => t > from && t < to);
    ctx.fact('quorumConfirmedWhileDown', whileDown.length);
    if (whileDown.length > 0)
      ctx.fact('quorumBackAfterMs', Math.round(Math.min(...whileDown) - from));
  }
}
