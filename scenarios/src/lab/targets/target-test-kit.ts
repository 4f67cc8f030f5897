// What the targets' live tests share: a run's names, and one short run of a workload through
// the load generator's own loops (`driveProducer` / `driveConsumer`), in-process, with the
// per-subscription accounting the runner will do (acked vs delivered, duplicates across members).
import { randomUUID } from 'node:crypto';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { waitFor } from '../../sdk/poll.ts';
import { SeenSet } from '../../sdk/seen-set.ts';
import { driveConsumer, driveProducer } from '../driver.ts';
import type { ConsumerRun, ProducerRun } from '../driver.ts';
import { ratePerProducer } from '../workload.ts';
import type { Workload } from '../workload.ts';
import { labNames } from '../names.ts';
import type { LabConsumer, LabProducer, Target, TargetContext } from '../target.ts';

/** A context under a fresh comparison id, named as the runner names it (`labNames`). */
export function testContext(workload: Workload, target: Target): TargetContext {
  const comparisonId = `t${randomUUID().slice(0, 8)}`;
  return {
    workload,
    names: labNames({ comparisonId, target: target.id, broker: target.broker }),
    addresses: addressesFromEnv(),
  };
}

export interface SubscriptionTally {
  topic: number;
  subscription: number;
  /** Per consumer of the subscription. */
  consumers: ConsumerRun[];
  /** Messages delivered to any member. */
  received: number;
  /** Acked messages no member received. */
  missing: number;
  /** Deliveries of a message another member (or the same one) had already had. */
  duplicates: number;
}

export interface ShortRun {
  producers: ProducerRun[];
  subscriptions: SubscriptionTally[];
  acked: number;
  /** From the producers' start to their end, for a rate. */
  produceMs: number;
}

/**
 * Sets up, starts every consumer, produces for `produceMs`, waits (bounded) until each
 * subscription has everything acked, closes all and tears down — however it ends.
 */
export async function shortRun(
  target: Target,
  ctx: TargetContext,
  options: { produceMs: number; drainWithinMs?: number; consumersBeforeProducers?: boolean },
): Promise<ShortRun> {
  const w = ctx.workload;
  const producers: LabProducer[] = [];
  const consumers: { t: number; s: number; consumer: LabConsumer; run?: ConsumerRun }[] = [];
  await target.setup(ctx);
  try {
    // All at once, as the runner's worker threads do: a group's members join together.
    const startConsumers = async (): Promise<void> => {
      const starting: Promise<void>[] = [];
      for (let t = 0; t < w.topics; t++) {
        for (let s = 0; s < w.subscriptionsPerTopic; s++) {
          for (let c = 0; c < w.consumerPerSubscription; c++) {
            starting.push(
              (async () => {
                const consumer = await target.openConsumer(ctx, t, s, c);
                const entry: (typeof consumers)[number] = { t, s, consumer };
                consumers.push(entry);
                const { run, started } = await driveConsumer(consumer, w);
                entry.run = run;
                await started;
              })(),
            );
          }
        }
      }
      await Promise.all(starting);
    };
    const before = options.consumersBeforeProducers ?? !w.backlog;
    if (before) await startConsumers();

    for (let t = 0; t < w.topics; t++) {
      for (let p = 0; p < w.producersPerTopic; p++) {
        producers.push(await target.openProducer(ctx, t, p));
      }
    }
    const signal = AbortSignal.timeout(options.produceMs);
    const started = performance.now();
    const runs = await Promise.all(
      producers.map((producer, i) =>
        driveProducer(producer, {
          workload: w,
          producer: i,
          topic: Math.floor(i / w.producersPerTopic),
          rate: ratePerProducer(w),
          window: target.window(w),
          signal,
        }),
      ),
    );
    const produceMs = performance.now() - started;
    if (!before) await startConsumers();

    const acked = runs.reduce((n, r) => n + r.counts.acked, 0);
    const tallies = (): SubscriptionTally[] => tally(w, runs, consumers);
    await waitFor(() => tallies().every((s) => s.missing === 0), {
      withinMs: options.drainWithinMs ?? 5_000,
      everyMs: 50,
    });
    return { producers: runs, subscriptions: tallies(), acked, produceMs };
  } finally {
    await Promise.allSettled(producers.map((p) => p.close()));
    await Promise.allSettled(consumers.map((c) => c.consumer.close()));
    await target.teardown(ctx);
  }
}

function tally(
  w: Workload,
  producers: ProducerRun[],
  consumers: { t: number; s: number; run?: ConsumerRun }[],
): SubscriptionTally[] {
  const result: SubscriptionTally[] = [];
  for (let t = 0; t < w.topics; t++) {
    for (let s = 0; s < w.subscriptionsPerTopic; s++) {
      const members = consumers
        .filter((c) => c.t === t && c.s === s && c.run !== undefined)
        .map((c) => c.run as ConsumerRun);
      let missing = 0;
      let duplicates = 0;
      let received = 0;
      for (const m of members) {
        received += m.received;
        duplicates += m.duplicates;
      }
      producers.forEach((p, i) => {
        if (Math.floor(i / w.producersPerTopic) !== t) return;
        const union = new SeenSet();
        for (const m of members) {
          const seen = m.seen.get(i);
          // A message two members both had is a duplicate the union does not show.
          if (seen !== undefined) duplicates += seen.size - union.addAll(seen);
        }
        missing += union.missingFrom(p.acked);
      });
      result.push({ topic: t, subscription: s, consumers: members, received, missing, duplicates });
    }
  }
  return result;
}
