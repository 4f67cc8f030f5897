// What a comparison target is: how the workload's words map onto one broker (and what they
// cannot), how its topics or queues are made and removed, and the producer and consumer a load
// generator drives. Producers and consumers run inside worker threads, so a target's module
// must be importable there (no state shared with the main thread).
import type { BrokerAddresses } from '../engine/addresses.ts';
import type { BrokerName } from '../sdk/spec.ts';
import type { Workload } from './workload.ts';

export const TARGET_IDS = [
  'kafka',
  'rabbitmq-classic',
  'rabbitmq-quorum',
  'rabbitmq-stream',
  'redis-streams',
  'redis-pubsub',
  'kafka-cluster',
  'rabbitmq-quorum-cluster',
] as const;
export type TargetId = (typeof TARGET_IDS)[number];

/** Targets that start a cluster of their own (tens of seconds): run only when asked for. */
export const CLUSTER_TARGET_IDS: readonly TargetId[] = ['kafka-cluster', 'rabbitmq-quorum-cluster'];

export interface TargetPlan {
  /** How each word of the workload lands on this broker ("subscriptions → consumer groups"). */
  mapping: string[];
  /** What this target cannot express, said instead of pretended ("pub/sub keeps nothing"). */
  cannot: string[];
  /** Set when the workload cannot run on this target at all (a backlog on pub/sub), with why. */
  unsupported?: string;
}

/** Names of one lab run's topics, queues and groups: `pg.lab-<runId>.…` / `pg:lab-<runId>:…`. */
export interface LabNames {
  runId: string;
  /** Topic, exchange or stream key `t` (0-based). */
  topic(t: number): string;
  /** Subscription `s` of topic `t`: a consumer group, a queue bound to the exchange… */
  subscription(t: number, s: number): string;
}

export interface TargetContext {
  workload: Workload;
  names: LabNames;
  addresses: BrokerAddresses;
}

/** A message to send: its payload (stamped) and key (undefined under NO_KEY). */
export interface LabMessage {
  payload: Buffer;
  key: string | undefined;
  /** The topic it goes to (0-based). */
  topic: number;
}

export interface LabProducer {
  /**
   * Sends a batch; resolves when the broker acknowledged all of it as the workload's durability
   * asks (acks 'none': when written to the socket). Rejects when any was refused.
   */
  send(batch: LabMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface LabConsumer {
  /**
   * Starts delivering to `onMessage` (awaited before the message counts as done, so
   * consumerProcessingMs holds the consumer as it would hold a real one).
   */
  start(onMessage: (payload: Buffer) => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}

/** Brokers of a target's own for its run (a cluster), in place of the shared ones. */
export interface TargetEnvironment {
  /** Where they listen: replaces the shared brokers' addresses for setup, load and teardown. */
  addresses: Partial<BrokerAddresses>;
  /** Their processes, for the broker CPU and memory columns. */
  processes: { name: string; pid: number }[];
  /** Kills them and deletes their data; runs after teardown however the run ended. */
  close(): Promise<void>;
}

export interface Target {
  id: TargetId;
  broker: BrokerName;
  title: string;
  plan(workload: Workload): TargetPlan;
  /** How many batches one producer keeps in flight, and how many messages a batch holds. */
  window(workload: Workload): { inFlight: number; batch: number };
  /**
   * Starts brokers of the target's own (main thread), before setup: the cluster variants. The
   * comparison's id names their directory, so a crashed run's are swept at the next start-up.
   */
  environment?(
    comparisonId: string,
    progress: (message: string) => void,
  ): Promise<TargetEnvironment>;
  /** Creates the topics, queues, streams and groups (main thread), before any producer. */
  setup(ctx: TargetContext): Promise<void>;
  /** Deletes everything setup made; runs however the run ended. */
  teardown(ctx: TargetContext): Promise<void>;
  /** In a worker thread: producer `p` of topic `t`. */
  openProducer(ctx: TargetContext, t: number, p: number): Promise<LabProducer>;
  /** In a worker thread: consumer `c` of subscription `s` on topic `t`. */
  openConsumer(ctx: TargetContext, t: number, s: number, c: number): Promise<LabConsumer>;
}
