// The RabbitMQ cluster a run starts for itself (`ctx.privateRabbitmqCluster(settings)`), as its
// scenario sees it: nodes named as `ctx.faults` knows them (`rabbitmq-1`…), each reached through
// a fault link of its own, so a toxic or a kill applies to exactly the clients of that node.
import type { ChannelModel } from 'amqplib';

export interface RabbitmqClusterSettings {
  /** Nodes in the cluster (default 3; a quorum queue needs at least 3 to survive a loss). */
  size?: number;
  /**
   * How the nodes find each other: `classic-config` (every node's config lists its peers and
   * they boot together) or `join` (they boot alone, then `rabbitmqctl join_cluster`). Default:
   * the faster of the two on this machine (docs/clusters/rabbitmq.md).
   */
  formation?: 'classic-config' | 'join';
  /** The management plugin on every node (default off: it adds start time and memory). */
  management?: boolean;
  /** More rabbitmq.conf settings for every node (key → value). */
  config?: Record<string, string | number>;
}

/** One queue as the cluster reports it (`rabbitmqctl list_queues`). */
export interface RabbitmqClusterQueue {
  name: string;
  /** `classic`, `quorum` or `stream`. */
  type: string;
  /** The node (`rabbitmq-<n>`) hosting its leader (quorum, stream) or its process (classic). */
  leader: string | undefined;
  /** Quorum and stream queues: the nodes holding a replica. */
  members: string[];
}

export interface RabbitmqCluster {
  /** Node names, as ctx.faults knows them: `rabbitmq-1`, `rabbitmq-2`, … */
  readonly nodes: readonly string[];
  /** The Erlang node name of a node (`playground-private-<port>@localhost`). */
  erlangName(node: string): string;
  /** The node (`rabbitmq-<n>`) an Erlang node name belongs to. */
  nodeOf(erlangName: string): string | undefined;
  /** amqp://guest:guest@<the node's link> (guest may log in over loopback). */
  url(node: string): string;
  /**
   * A connection to the node through its link, closed when the run ends. A killed node closes
   * it: the 'error' event is handled, the caller sees its channels close.
   */
  connect(node: string): Promise<ChannelModel>;
  /** rabbitmqctl against the node (its name, the cluster's cookie); resolves with stdout. */
  ctl(node: string, ...args: string[]): Promise<string>;
  /** The node's management URL when `management` is on. */
  managementUrl(node: string): string | undefined;
  /** The node's process id (what a kill signals). */
  pid(node: string): number;
  /** The nodes `cluster_status` on `from` (default: the first that answers) lists as running. */
  runningNodes(from?: string): Promise<string[]>;
  /** Every queue in vhost `/`, as the first node that answers reports it. */
  queues(): Promise<RabbitmqClusterQueue[]>;
}
