// A primary, two replicas and three Sentinels a run starts for itself, as its scenario sees it.
// Data nodes are `redis-1` (the first primary) … `redis-3`, Sentinels `sentinel-1` … `sentinel-3`;
// each is a fault node and sits behind links of its own (see docs/clusters/redis.md).
import type { Redis } from 'ioredis';

export interface RedisSentinelSettings {
  /** Sentinel's down-after-milliseconds: how long a silent primary takes to be called down (default 2000). */
  downAfterMs?: number;
  /** Sentinel's failover-timeout (default 3000). */
  failoverTimeoutMs?: number;
  /** Any other redis.conf directives of the data nodes (directive → value). */
  config?: Record<string, string | number>;
}

export interface SentinelClientOptions {
  /** Commands fail at once while no primary answers, rather than queueing (default true). */
  failFast?: boolean;
}

/** A data node as the Sentinels and the nodes themselves report it. */
export interface SentinelNodeRole {
  node: string;
  role: 'master' | 'slave' | 'unknown';
}

export interface RedisSentinelCluster {
  /** Every fault node: the data nodes, then the Sentinels. */
  readonly nodes: readonly string[];
  readonly dataNodes: readonly string[];
  readonly sentinels: readonly string[];
  /** The name the Sentinels monitor the primary under. */
  readonly masterName: string;
  /**
   * A client that asks the Sentinels where the primary is, and asks again after a failover;
   * closed when the run ends.
   */
  client(options?: SentinelClientOptions): Promise<Redis>;
  /** A direct connection to one node (data node or Sentinel), through its client link. */
  connectTo(node: string): Promise<Redis>;
  /** The data node the Sentinels name as primary now (what most of those that answer say). */
  primary(): Promise<string | undefined>;
  /** The data node behind an address the Sentinels or nodes report ("127.0.0.1:41234"). */
  nodeAt(address: string): string | undefined;
  /**
   * The link replication and the Sentinels use to reach a data node (`<node>-peers`): a
   * latency toxic on it makes replicas lag while clients still get fast acknowledgements.
   */
  peerLink(node: string): string;
}
