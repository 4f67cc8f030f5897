// For the RabbitMQ targets' live tests: one short comparison in-process (setup, the consumers,
// the producers through the lab's own loops, the drain, teardown), and a check with the broker
// that nothing the run declared is left.
import amqp from 'amqplib';
import { driveConsumer, driveProducer } from '../driver.ts';
import type { ConsumerRun, ProducerRun } from '../driver.ts';
import { SeenSet } from '../../sdk/seen-set.ts';
import { waitFor } from '../../sdk/poll.ts';
import { labNames } from '../names.ts';
import type {
  LabConsumer,
  LabNames,
  LabProducer,
  Target,
  TargetContext,
  TargetId,
} from '../target.ts';
import { ratePerProducer } from '../workload.ts';
import type { Workload } from '../workload.ts';
import type { BrokerAddresses } from '../../engine/addresses.ts';
import { randomBytes } from 'node:crypto';

/** The names the runner would give `target` in a comparison of its own (a fresh id). */
export function liveNames(target: TargetId): LabNames {
  return labNames({ comparisonId: randomBytes(5).toString('hex'), target, broker: 'rabbitmq' });
}

export interface SubscriptionResult {
  topic: number;
  subscription: number;
  /** One per consumer of the subscription. */
  consumers: ConsumerRun[];
  received: number;
  /** Acked messages of this topic's producers that no consumer of the subscription had. */
  missing: number;
}

export interface LiveResult {
  producers: ProducerRun[];
  subscriptions: SubscriptionResult[];
  acked: number;
  drained: boolean;
  producedMs: number;
}

/**
 * Runs `workload` for `produceMs` (or, in backlog mode, `limit` messages per producer first),
 * then waits for every subscription to have every acked message; always tears down.
 */
export async function runLive(
  target: Target,
  workload: Workload,
  addresses: BrokerAddresses,
  options: {
    produceMs: number;
    limit?: number;
    drainWithinMs?: number;
    names?: LabNames;
    /** Called once setup has declared everything, before any client opens. */
    afterSetup?: () => Promise<void>;
  },
): Promise<LiveResult> {
  const ctx: TargetContext = { workload, names: options.names ?? liveNames(target.id), addresses };
  const producers: LabProducer[] = [];
  const consumers: { t: number; s: number; consumer: LabConsumer; run: ConsumerRun }[] = [];
  await target.setup(ctx);
  try {
    await options.afterSetup?.();
    const startConsumers = async (): Promise<void> => {
      for (let t = 0; t < workload.topics; t++) {
        for (let s = 0; s < workload.subscriptionsPerTopic; s++) {
          for (let c = 0; c < workload.consumerPerSubscription; c++) {
            const consumer = await target.openConsumer(ctx, t, s, c);
            const { run, started } = await driveConsumer(consumer, workload);
            await started;
            consumers.push({ t, s, consumer, run });
          }
        }
      }
    };
    if (!workload.backlog) await startConsumers();
    const window = target.window(workload);
    const topicOf: number[] = [];
    for (let t = 0; t < workload.topics; t++) {
      for (let i = 0; i < workload.producersPerTopic; i++) {
        producers.push(await target.openProducer(ctx, t, producers.length));
        topicOf.push(t);
      }
    }
    // The clock starts once every producer is connected: on a loaded machine the handshakes
    // alone can eat much of a short run.
    const signal = AbortSignal.timeout(options.produceMs);
    const began = performance.now();
    const runs = producers.map((producer, p) =>
      driveProducer(producer, {
        workload,
        producer: p,
        topic: topicOf[p] ?? 0,
        rate: ratePerProducer(workload),
        window,
        signal,
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      }),
    );
    const produced = await Promise.all(runs);
    const producedMs = performance.now() - began;
    if (workload.backlog) await startConsumers();
    const ackedOf = (t: number): number =>
      produced.reduce((n, r, i) => n + (topicOf[i] === t ? r.counts.acked : 0), 0);
    const drained = await waitFor(
      () =>
        consumers.every(
          ({ t, s }) =>
            consumers
              .filter((c) => c.t === t && c.s === s)
              .reduce((n, c) => n + c.run.received, 0) >= ackedOf(t),
        ),
      { withinMs: options.drainWithinMs ?? 10_000, everyMs: 20 },
    );
    const subscriptions: SubscriptionResult[] = [];
    for (let t = 0; t < workload.topics; t++) {
      for (let s = 0; s < workload.subscriptionsPerTopic; s++) {
        const mine = consumers.filter((c) => c.t === t && c.s === s).map((c) => c.run);
        let missing = 0;
        produced.forEach((r, i) => {
          if (topicOf[i] !== t) return;
          const union = new SeenSet();
          for (const run of mine) {
            const seen = run.seen.get(i);
            if (seen !== undefined) union.addAll(seen);
          }
          missing += union.missingFrom(r.acked);
        });
        subscriptions.push({
          topic: t,
          subscription: s,
          consumers: mine,
          received: mine.reduce((n, r) => n + r.received, 0),
          missing,
        });
      }
    }
    return {
      producers: produced,
      subscriptions,
      acked: produced.reduce((n, r) => n + r.counts.acked, 0),
      drained,
      producedMs,
    };
  } finally {
    for (const c of consumers) await c.consumer.close();
    for (const producer of producers) await producer.close();
    await target.teardown(ctx);
  }
}

/** Which of these queues and exchanges RabbitMQ still has (a passive declare answers 404 if not). */
export async function stillOnBroker(
  amqpUrl: string,
  objects: { queues: string[]; exchanges: string[] },
): Promise<string[]> {
  const connection = await amqp.connect(amqpUrl);
  connection.on('error', () => undefined);
  const present: string[] = [];
  const exists = async (check: (ch: amqp.Channel) => Promise<unknown>): Promise<boolean> => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await check(channel);
      await channel.close();
      return true;
    } catch (error) {
      // Only a 404 means gone; anything else is a failure of the check itself.
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  };
  try {
    for (const q of objects.queues) if (await exists((ch) => ch.checkQueue(q))) present.push(q);
    for (const e of objects.exchanges) {
      if (await exists((ch) => ch.checkExchange(e))) present.push(e);
    }
  } finally {
    await connection.close();
  }
  return present;
}
