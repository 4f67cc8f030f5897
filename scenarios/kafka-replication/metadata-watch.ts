// Kafka's own view of the partitions, asked a few times a second: leaders and ISRs per partition
// of both topics, drawn as gauges. From it come the election time (kill → every partition has a
// live leader again) and the ISR shrinking at the kill and growing back after the restart.
import type { KafkaCluster, KafkaPartitionState, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { poll } from '../src/sdk/poll.ts';
import { factKeys } from './facts.ts';
import { isrKey, leaderKey } from './metrics.ts';
import type { KafkaReplicationParams } from './params.ts';

export const WATCH_EVERY_MS = 250;

export type TopicStates = ReadonlyMap<string, readonly KafkaPartitionState[]>;

/** `p0=2:[2,3] p1=3:[3,2]` per topic: leader and ISR, as a fact or an event reads them. */
export function describeStates(states: TopicStates): string {
  return [...states]
    .map(
      ([topic, parts]) =>
        `${topic.split('.').at(-1) ?? topic}: ${parts.map((s) => `p${s.partition}=${s.leader}:[${s.isr.join(',')}]`).join(' ')}`,
    )
    .join('; ');
}

/** Every partition has a leader that is alive (not the killed node, not -1). */
export function electedWithout(states: TopicStates, killed: number): boolean {
  return [...states.values()].every((parts) =>
    parts.every((s) => s.leader >= 0 && s.leader !== killed),
  );
}

/** Each partition's new leader was in that partition's ISR before the kill. */
export function leadersFromIsr(before: TopicStates, after: TopicStates, killed: number): boolean {
  return [...after].every(([topic, parts]) =>
    parts.every((s) => {
      const was = before.get(topic)?.find((b) => b.partition === s.partition);
      return s.leader !== killed && was !== undefined && was.isr.includes(s.leader);
    }),
  );
}

export const underReplicated = (states: TopicStates): number =>
  [...states.values()].reduce(
    (n, parts) => n + parts.filter((s) => s.isr.length < s.replicas.length).length,
    0,
  );

export class MetadataWatch {
  private latest: TopicStates | undefined;
  private kill: { node: number; atMs: number; before: TopicStates } | undefined;
  private restartAtMs: number | undefined;
  private electionMs: number | undefined;
  private shrunk = false;
  private readonly stop = new AbortController();
  private watching: Promise<void> = Promise.resolve();
  private readonly gauges;
  /** Called once, when every partition first has a live leader after the kill (ms into the run). */
  onElected: ((atMs: number) => void) | undefined;

  constructor(
    private readonly ctx: RunContext<KafkaReplicationParams>,
    private readonly cluster: KafkaCluster,
    private readonly topics: readonly string[],
    /** Whose leaders the `leader.p<n>` gauges draw (the acks=all topic). */
    private readonly leaderTopic: string,
  ) {
    const m = ctx.metrics;
    this.gauges = {
      isr: Array.from({ length: ctx.params.partitions }, (_, n) => m.gauge(isrKey(n))),
      leader: Array.from({ length: ctx.params.partitions }, (_, n) => m.gauge(leaderKey(n))),
      under: m.gauge('underReplicated'),
      election: m.gauge('electionMs'),
    };
  }

  /** Both topics' partitions, asked now. */
  async read(): Promise<TopicStates> {
    const states = new Map<string, KafkaPartitionState[]>();
    for (const topic of this.topics) states.set(topic, await this.cluster.partitions(topic));
    return states;
  }

  start(): void {
    let failures = 0;
    this.watching = poll(() => this.tick(), WATCH_EVERY_MS, this.stop.signal, {
      // A node that just died makes a request or two fail; the next one asks another node.
      onError: () => failures++,
    }).finally(() => this.ctx.fact('metadataReadsFailed', failures));
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.watching;
  }

  killed(node: number, atMs: number, before: TopicStates): void {
    this.kill = { node, atMs, before };
    this.ctx.fact(factKeys.before, describeStates(before));
  }

  restarted(atMs: number): void {
    this.restartAtMs = atMs;
  }

  private async tick(): Promise<void> {
    const states = await this.read();
    const at = this.ctx.elapsedMs();
    this.latest = states;
    this.draw(states);
    const kill = this.kill;
    if (kill === undefined) return;
    if (this.electionMs === undefined && electedWithout(states, kill.node)) {
      this.electionMs = at - kill.atMs;
      this.gauges.election.set(this.electionMs);
      this.ctx.fact(factKeys.electionMs, this.electionMs);
      this.ctx.fact(factKeys.after, describeStates(states));
      this.ctx.fact(factKeys.leadersFromIsr, leadersFromIsr(kill.before, states, kill.node));
      this.ctx.event(
        `new leaders ${fmt(this.electionMs)} ms after the kill: ${describeStates(states)}`,
        { mark: true },
      );
      this.onElected?.(at);
    }
    const under = underReplicated(states);
    if (under > 0 && !this.shrunk) {
      this.shrunk = true;
      this.ctx.event(`ISR shrank: ${plural(under, 'partition')} under-replicated`, {
        level: 'warn',
        mark: true,
      });
    }
    if (under === 0 && this.shrunk && this.restartAtMs !== undefined) {
      this.shrunk = false;
      const ms = at - this.restartAtMs;
      this.ctx.fact(factKeys.isrRestoredMs, ms);
      this.ctx.event(`ISR back to 3 on every partition, ${fmt(ms)} ms after the restart began`, {
        mark: true,
      });
    }
  }

  private draw(states: TopicStates): void {
    const all = [...states.values()];
    this.gauges.isr.forEach((gauge, n) => {
      const sizes = all.map((parts) => parts.find((s) => s.partition === n)?.isr.length ?? 0);
      gauge.set(Math.min(...sizes));
    });
    const led = states.get(this.leaderTopic) ?? [];
    this.gauges.leader.forEach((gauge, n) =>
      gauge.set(led.find((s) => s.partition === n)?.leader ?? -1),
    );
    this.gauges.under.set(underReplicated(states));
  }

  /** The last reading, if any. */
  get last(): TopicStates | undefined {
    return this.latest;
  }
}
