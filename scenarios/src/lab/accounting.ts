// The runner's books for one target: the agents' ticks summed into what the report shows (only
// the measured phases count towards throughput and latency; warm-up ticks are read and dropped),
// and at the end, from the bitsets, what no count can tell: which acknowledged messages no
// consumer of a subscription ever saw, and which were delivered more than once.
import { SeenSet } from '../sdk/seen-set.ts';
import type { AgentTick, ConsumerFinal, ProducerFinal } from './agent.ts';
import { LatencyHistogram } from './latency.ts';
import type { LabPhase } from './report.ts';
import type { Workload } from './workload.ts';

/** Which phases' ticks count towards what. */
const PUBLISH_PHASES: ReadonlySet<LabPhase> = new Set(['measure', 'produce']);
const CONSUME_PHASES: ReadonlySet<LabPhase> = new Set(['measure', 'consume']);
// Messages sent while measuring and delivered in the drain belong to the measurement: leaving
// out the slowest deliveries would flatter the tail.
const END_TO_END_PHASES: ReadonlySet<LabPhase> = new Set(['measure', 'drain', 'consume']);

export class Tally {
  /** Every phase, for the backlog. */
  readonly publishedTotal: number[];
  readonly consumedTotal: number[];
  errors = 0;
  published = 0;
  publishedBytes = 0;
  consumed = 0;
  consumedBytes = 0;
  readonly publishLatency = new LatencyHistogram();
  readonly endToEnd = new LatencyHistogram();
  /** Since the last sample, whatever the phase. */
  window = {
    published: 0,
    consumed: 0,
    publishLatency: new LatencyHistogram(),
    endToEnd: new LatencyHistogram(),
  };

  constructor(private readonly workload: Workload) {
    this.publishedTotal = new Array<number>(workload.topics).fill(0);
    this.consumedTotal = new Array<number>(workload.topics * workload.subscriptionsPerTopic).fill(
      0,
    );
  }

  add(tick: AgentTick): void {
    const published = sum(tick.published);
    const consumed = sum(tick.consumed);
    tick.published.forEach((n, t) => (this.publishedTotal[t]! += n));
    tick.consumed.forEach((n, s) => (this.consumedTotal[s]! += n));
    this.errors += tick.errors;
    this.window.published += published;
    this.window.consumed += consumed;
    if (tick.publishLatency !== null) this.window.publishLatency.merge(tick.publishLatency);
    if (tick.endToEnd !== null) this.window.endToEnd.merge(tick.endToEnd);
    if (PUBLISH_PHASES.has(tick.phase)) {
      this.published += published;
      this.publishedBytes += tick.publishedBytes;
      if (tick.publishLatency !== null) this.publishLatency.merge(tick.publishLatency);
    }
    if (CONSUME_PHASES.has(tick.phase)) {
      this.consumed += consumed;
      this.consumedBytes += tick.consumedBytes;
    }
    if (END_TO_END_PHASES.has(tick.phase) && tick.endToEnd !== null)
      this.endToEnd.merge(tick.endToEnd);
  }

  /** Acknowledged but not yet delivered: the largest over the subscriptions. */
  backlog(): number {
    let most = 0;
    this.consumedTotal.forEach((consumed, s) => {
      const topic = Math.floor(s / this.workload.subscriptionsPerTopic);
      most = Math.max(most, (this.publishedTotal[topic] ?? 0) - consumed);
    });
    return most;
  }

  /** Every subscription has had as many deliveries as its topic had acks. */
  caughtUp(): boolean {
    return this.backlog() <= 0;
  }

  /** The window's numbers, and a fresh window. */
  takeWindow(): Tally['window'] {
    const w = this.window;
    this.window = {
      published: 0,
      consumed: 0,
      publishLatency: new LatencyHistogram(),
      endToEnd: new LatencyHistogram(),
    };
    return w;
  }
}

export interface Correctness {
  /** Acknowledged to a producer, never delivered to any consumer of a subscription (summed). */
  losses: number;
  /** Deliveries beyond the first of a message, within a subscription (summed). */
  duplicates: number;
  orderingViolations: number;
  /** The first producer error any agent saw. */
  firstError?: string;
}

export function correctness(
  workload: Workload,
  producers: ProducerFinal[],
  consumers: ConsumerFinal[],
): Correctness {
  // Per subscription and producer: the union of what its consumers saw (a work queue's
  // consumers each see part; a redelivery to another consumer is a duplicate none saw twice).
  const subs = new Map<string, Map<number, SeenSet>>();
  let deliveries = 0;
  let orderingViolations = 0;
  for (const c of consumers) {
    const key = `${c.topic}/${c.sub}`;
    let union = subs.get(key);
    if (union === undefined) subs.set(key, (union = new Map()));
    for (const { producer, bits } of c.seen) {
      const set = SeenSet.fromBytes(bits);
      const existing = union.get(producer);
      if (existing === undefined) union.set(producer, set);
      else existing.addAll(set);
    }
    deliveries += c.received;
    orderingViolations += c.outOfOrder;
  }
  let distinct = 0;
  for (const union of subs.values()) for (const set of union.values()) distinct += set.size;

  let losses = 0;
  const empty = new SeenSet(8);
  for (const p of producers) {
    const acked = SeenSet.fromBytes(p.acked);
    for (let s = 0; s < workload.subscriptionsPerTopic; s++) {
      const seen = subs.get(`${p.topic}/${s}`)?.get(p.number) ?? empty;
      losses += seen.missingFrom(acked);
    }
  }
  const firstError = producers.find((p) => p.firstError !== undefined)?.firstError;
  return {
    losses,
    duplicates: deliveries - distinct,
    orderingViolations,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
