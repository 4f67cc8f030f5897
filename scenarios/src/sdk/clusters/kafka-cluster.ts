// The three-node Kafka cluster a run starts for itself (ctx.privateKafkaCluster), as its scenario
// sees it: KRaft nodes `kafka-1`…`kafka-3`, each both broker and controller, replication factor 3
// and min.insync.replicas 2 by default, every client connection through the node's fault link.
import type { Admin, Kafka } from 'kafkajs';

export interface KafkaClusterSettings {
  /**
   * More server.properties settings for every node (key → value), over the cluster's own
   * (infrastructure/launcher/private/clusters/kafka-node.ts, CLUSTER_DEFAULTS).
   */
  config?: Record<string, string | number>;
}

export interface KafkaClusterClientOptions {
  /**
   * kafkajs retries per request (default 20, up to 1 s apart: a send outlasts an election, 3 s,
   * or 6 s when the dead node was also the active controller).
   */
  retries?: number;
  /** kafkajs request timeout (default 5 s). */
  requestTimeoutMs?: number;
}

/** One partition as a node's metadata reports it. */
export interface KafkaPartitionState {
  partition: number;
  /** The leader's node id; -1 while the partition has none. */
  leader: number;
  /** Node ids holding a replica, the preferred leader first. */
  replicas: number[];
  /** Node ids in sync with the leader (the leader included). */
  isr: number[];
}

export interface KafkaCluster {
  /** Node names, as ctx.faults knows them: `kafka-<node id>`. */
  readonly nodes: readonly string[];
  /** The bootstrap list: each node's link address, which is also what the node advertises. */
  readonly brokers: readonly string[];
  /** The ctx.faults name of a node id (3 → 'kafka-3'). */
  nodeName(nodeId: number): string;
  /**
   * A kafkajs client over the links. Every producer, consumer and admin it makes is
   * disconnected when the run ends; disconnecting earlier is the caller's choice.
   */
  client(options?: KafkaClusterClientOptions): Kafka;
  /** A connected admin of the run's own, made once. */
  admin(): Promise<Admin>;
  /**
   * Every partition of `topic`, in partition order, from a metadata request now (each call asks
   * again: leaders and ISRs change under faults). Rejects while no node answers.
   */
  partitions(topic: string): Promise<KafkaPartitionState[]>;
  /** The leader's node id of one partition; -1 while it has none. */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** The node ids in one partition's ISR. */
  isrOf(topic: string, partition: number): Promise<number[]>;
}
