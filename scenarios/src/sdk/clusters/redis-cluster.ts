// A Redis Cluster (three primaries, three replicas) a run starts for itself, as its scenario
// sees it. Nodes are `redis-1` … `redis-6` (the first three start as primaries); each is a fault
// node behind a link of its own, and announces that link (see docs/clusters/redis.md).
import type { Cluster, Redis } from 'ioredis';

export interface RedisClusterSettings {
  /** cluster-node-timeout: how long a silent primary takes to be failed over (default 1000). */
  nodeTimeoutMs?: number;
  /** Any other redis.conf directives of every node (directive → value). */
  config?: Record<string, string | number>;
}

/** Redirect replies an ioredis Cluster client received and followed (counted as they arrive). */
export interface RedirectCounts {
  moved: number;
  ask: number;
}

export interface ClusterClient {
  readonly cluster: Cluster;
  /** MOVED and ASK redirects this client has followed so far (a pipeline redirected as a whole counts once). */
  readonly redirects: Readonly<RedirectCounts>;
}

/** One node as a live node's CLUSTER NODES reports it. */
export interface ClusterNodeView {
  node: string;
  id: string;
  /** The address it announces (its link): what MIGRATE and clients dial. */
  address: string;
  role: 'master' | 'slave';
  /** The primary's node name, for a replica. */
  primaryOf: string | undefined;
  /** Slots served, as [first, last] ranges. */
  slots: [number, number][];
  /** Flagged fail or pfail, or disconnected, by the node asked. */
  failing: boolean;
}

export interface RedisClusterHandle {
  /** Node names, as ctx.faults knows them. */
  readonly nodes: readonly string[];
  /** An ioredis Cluster client through the links, counting its redirects; closed when the run ends. */
  client(): Promise<ClusterClient>;
  /** A direct connection to one node, through its link (no redirects followed). */
  connectTo(node: string): Promise<Redis>;
  /** The cluster as the first live node that answers sees it. */
  view(): Promise<ClusterNodeView[]>;
  /** The node behind an announced address ("127.0.0.1:41234"). */
  nodeAt(address: string): string | undefined;
}
