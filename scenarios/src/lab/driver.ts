// The load generator's two loops, the same in a worker thread and in a test: a producer that
// keeps to its schedule (a message is due at its intended time; late ones go at once, and the
// lateness is in their latency) with a bounded window of batches in flight, and a consumer that
// stamps each delivery's end-to-end latency and marks its sequence number.
import { nowMs } from './clock.ts';
import { LatencyHistogram } from './latency.ts';
import { makePayload, readStamp, stamp } from './payload.ts';
import { SendSchedule } from './schedule.ts';
import { SeenSet } from '../sdk/seen-set.ts';
import type { LabConsumer, LabMessage, LabProducer } from './target.ts';
import type { Workload } from './workload.ts';

export interface ProducerCounts {
  sent: number;
  acked: number;
  errors: number;
  bytes: number;
}

export interface ProducerRun {
  counts: ProducerCounts;
  /** Ack time minus intended send time. */
  publishLatency: LatencyHistogram;
  /** Sequence numbers the broker acknowledged. */
  acked: SeenSet;
  /** The first error, for the report. */
  firstError?: string;
}

export interface ProducerOptions {
  workload: Workload;
  /** This producer's number across the run (stamped into each message). */
  producer: number;
  topic: number;
  /** Messages a second for this producer; Infinity for max. */
  rate: number;
  window: { inFlight: number; batch: number };
  /** Ends the loop (duration over, or the run stopped). */
  signal: AbortSignal;
  /** Messages to send at most (the backlog mode's fixed count); default unbounded. */
  limit?: number;
  /** The run to fill, for a caller that reads its counts while the loop goes (a worker's ticks). */
  into?: ProducerRun;
}

export function newProducerRun(): ProducerRun {
  return {
    counts: { sent: 0, acked: 0, errors: 0, bytes: 0 },
    publishLatency: new LatencyHistogram(),
    acked: new SeenSet(),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function keyOf(workload: Workload, seq: number, producer: number): string | undefined {
  switch (workload.keyDistributor) {
    case 'NO_KEY':
      return undefined;
    case 'KEY_ROUND_ROBIN':
      return `k${(seq + producer) % Math.max(1, workload.partitionsPerTopic * 4)}`;
    case 'RANDOM':
      return `k${Math.floor(Math.random() * 1_000_000)}`;
  }
}

export async function driveProducer(
  target: LabProducer,
  options: ProducerOptions,
): Promise<ProducerRun> {
  const { workload, producer, topic, window, signal } = options;
  const run = options.into ?? newProducerRun();
  const schedule = new SendSchedule(options.rate);
  const template = makePayload(workload.messageSize);
  const limit = options.limit ?? Infinity;
  const inFlight = new Set<Promise<void>>();
  let pending: { message: LabMessage; intendedMs: number; seq: number }[] = [];

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    while (inFlight.size >= window.inFlight) await Promise.race(inFlight);
    const batch = pending;
    pending = [];
    run.counts.sent += batch.length;
    const sending = target
      .send(batch.map((b) => b.message))
      .then(
        () => {
          const at = nowMs();
          for (const b of batch) {
            run.publishLatency.record(at - b.intendedMs);
            run.acked.add(b.seq);
            run.counts.bytes += b.message.payload.length;
          }
          run.counts.acked += batch.length;
        },
        (error: Error) => {
          run.counts.errors += batch.length;
          run.firstError ??= error.message;
        },
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  let seq = 0;
  while (!signal.aborted && seq < limit) {
    const next = schedule.next();
    let { intendedMs } = next;
    const { waitMs } = next;
    if (waitMs > 0) {
      // Not due yet: what is due goes now, then sleep until this one is.
      await flush();
      await sleep(waitMs);
      if (signal.aborted) break;
      // Timers wake up to ~1.5 ms early (the event loop's clock is cached at ms granularity):
      // a message sent before its time is timed from when it went, or a fast reply reads ~0 ms.
      intendedMs = Math.min(intendedMs, nowMs());
    }
    const payload = stamp(Buffer.from(template), { intendedMs, producer, topic, seq });
    pending.push({
      message: { payload, key: keyOf(workload, seq, producer), topic },
      intendedMs,
      seq,
    });
    seq++;
    if (pending.length >= window.batch) await flush();
  }
  await flush();
  await Promise.allSettled(inFlight);
  return run;
}

export interface ConsumerRun {
  received: number;
  bytes: number;
  /** Delivery time minus intended send time. */
  endToEnd: LatencyHistogram;
  /** Per producer: sequence numbers delivered to this consumer. */
  seen: Map<number, SeenSet>;
  /** Deliveries of a number this consumer had already had. */
  duplicates: number;
  /** Deliveries with a lower number than the last from the same producer and topic. */
  outOfOrder: number;
  /** Time of the last delivery (the backlog mode's drain ends there). */
  lastAtMs: number;
}

export async function driveConsumer(
  target: LabConsumer,
  workload: Workload,
): Promise<{ run: ConsumerRun; started: Promise<void> }> {
  const run: ConsumerRun = {
    received: 0,
    bytes: 0,
    endToEnd: new LatencyHistogram(),
    seen: new Map(),
    duplicates: 0,
    outOfOrder: 0,
    lastAtMs: 0,
  };
  const last = new Map<number, number>();
  const processing = workload.consumerProcessingMs;
  const started = target.start(async (payload) => {
    const at = nowMs();
    const s = readStamp(payload);
    run.received++;
    run.bytes += payload.length;
    run.lastAtMs = at;
    if (s === undefined) return;
    run.endToEnd.record(at - s.intendedMs);
    let seen = run.seen.get(s.producer);
    if (seen === undefined) run.seen.set(s.producer, (seen = new SeenSet()));
    if (!seen.add(s.seq)) run.duplicates++;
    const stream = s.producer * 65_536 + s.topic;
    const before = last.get(stream);
    if (before !== undefined && s.seq < before) run.outOfOrder++;
    else last.set(stream, s.seq);
    if (processing > 0) await sleep(processing);
  });
  return { run, started };
}
