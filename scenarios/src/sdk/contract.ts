// The contract between a scenario and whatever runs it (the server's run manager, the CLI, a
// test). The server knows scenarios only through these types.
import type { Static, TObject } from '@sinclair/typebox';
import type { Redis } from 'ioredis';
import type { ChannelModel } from 'amqplib';
import type { Kafka } from 'kafkajs';
import type { Counter, Gauge, Histogram } from './recorders.ts';
import type { Pacer } from './pacer.ts';
import type { Names } from './names.ts';
import type { ResourceTracker } from './resources.ts';
import type { Random } from './random.ts';

export type BrokerName = 'redis' | 'rabbitmq' | 'kafka';
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * One recorded key. `key` may hold one `{i}` (numbered from 1) or `{n}` (numbered from 0)
 * placeholder for keys that exist once per subscriber or partition, e.g. `lag.p{n}`.
 * Counters appear in frames as the total and as `<key>.rate` per second; histograms as
 * `<key>.p50`, `.p90`, `.p99`, `.max` in milliseconds.
 */
export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  /** The chart (an id from `charts`) this key is drawn in. */
  chart: string;
  description?: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  description?: string;
  /** How the UI draws counters in this chart: their per-second rate or their running total. */
  show?: 'rate' | 'total';
}

export type TopologyNodeKind =
  | 'client'
  | 'producer'
  | 'consumer'
  | 'exchange'
  | 'queue'
  | 'topic'
  | 'partition'
  | 'group'
  | 'cache'
  | 'origin'
  | 'limiter';

export interface TopologyNode {
  id: string;
  kind: TopologyNodeKind;
  label: string;
  /** A metric key whose live value is written on the node (e.g. a queue's depth). */
  metric?: string;
  /** The node sits inside this one (partitions inside a topic, members inside a group). */
  parent?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  /** A rate key (`<counter>.rate`) that animates the edge and is written beside it. */
  metric?: string;
  label?: string;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface RunFacts {
  [key: string]: number | string | boolean;
}

export interface FinishedRun<P> {
  params: P;
  /** The final value of every key, as in the last frame (histograms over the whole run). */
  summary: Record<string, number>;
  /** What the broker itself reported at the end, recorded by the scenario with `ctx.fact`. */
  facts: RunFacts;
  durationMs: number;
}

export interface CheckResult {
  passed: boolean;
  detail: string;
}

export interface CheckSpec<P> {
  id: string;
  description: string;
  evaluate(run: FinishedRun<P>): CheckResult;
}

export interface Metrics {
  counter(key: string): Counter;
  gauge(key: string): Gauge;
  histogram(key: string): Histogram;
}

export interface BrokerClients {
  /** A Redis connection of this run's own, closed when the run ends. */
  redis(): Promise<Redis>;
  /** A new Redis connection (e.g. one per simulated client), also closed when the run ends. */
  newRedis(): Promise<Redis>;
  /** An AMQP connection of this run's own; call again for a separate connection. */
  amqp(): Promise<ChannelModel>;
  /** The Kafka client; producers, consumers and admins made from it are the run's to close. */
  kafka(): Kafka;
}

export interface RunContext<P> {
  runId: string;
  /** The current params: reading a live field gives its latest value. */
  readonly params: Readonly<P>;
  /** Aborted when the run must stop producing load (duration over, stop asked, failure). */
  signal: AbortSignal;
  /** Planned length of the load phase. */
  durationMs: number;
  /** Milliseconds since the run started. */
  elapsedMs(): number;
  brokers: BrokerClients;
  names: Names;
  resources: ResourceTracker;
  metrics: Metrics;
  /** Narration a learner reads live ("consumer-2 joined; rebalance"). */
  event(message: string, level?: 'info' | 'warn'): void;
  /** Record what the broker itself reports, for the checks. */
  fact(key: string, value: number | string | boolean): void;
  /** A pacer that holds `rate()` operations per second and follows its changes at once. */
  pacer(rate: () => number): Pacer;
  /** Resolves after `ms`, or at once when the run stops (never rejects). */
  sleep(ms: number): Promise<void>;
  /** Calls `listener` with the changed field names when live params change. */
  onParamsChange(listener: (changed: string[]) => void): void;
  /** Seeded from the `seed` param when the scenario has one, so reruns repeat the workload. */
  random: Random;
}

export interface ScenarioDefinition<S extends TObject = TObject> {
  id: string;
  title: string;
  summary: string;
  brokers: BrokerName[];
  tags: string[];
  level: Level;
  /** Every field has a default, bounds and a description; `'x-live': true` marks live fields. */
  params: S;
  charts: ChartSpec[];
  metrics: MetricSpec[];
  /** Markdown: the idea, what to watch, things to try, the real-world takeaway. */
  lesson: string;
  /** What the run builds, for the UI's picture; keys name metrics drawn on it. */
  topology(params: Static<S>): Topology;
  run(ctx: RunContext<Static<S>>): Promise<void>;
  checks: CheckSpec<Static<S>>[];
}

/** Keeps the scenario's param type when it is placed in the untyped registry. */
export function defineScenario<S extends TObject>(
  definition: ScenarioDefinition<S>,
): ScenarioDefinition<S> {
  return definition;
}

export type AnyScenario = ScenarioDefinition<TObject>;
