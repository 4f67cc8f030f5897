// The process kinds of the Redis clusters: a data node (primary or replica of a Sentinel set, or
// a Redis Cluster node) and a Sentinel. Every node announces its fault link's port, not its own,
// so whatever learns addresses from the cluster (Sentinel, replicas, cluster clients) dials
// through the link and the run's toxics reach it.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE, REDIS_SERVER_INSTALL, pingRaw, redisConfigFile } from '../redis.ts';
import type { RedisConfigLine } from '../redis.ts';
import { sleep } from '../../process.ts';
import type { InstancePlace, PrivateProcessKind } from '../private-process.ts';

/** A Sentinel data node: its replicas and Sentinels know it by `announcePort` (its link). */
export interface SentinelDataNodeOptions {
  announcePort: number;
  /** The primary's link port, for a replica; undefined for the first primary. */
  replicaOfPort?: number;
  config?: Readonly<Record<string, string | number>>;
}

export function sentinelDataNodeLines(options: SentinelDataNodeOptions): RedisConfigLine[] {
  const lines: RedisConfigLine[] = [
    ['replica-announce-ip', '127.0.0.1'],
    ['replica-announce-port', String(options.announcePort)],
    // A replica that lost its primary keeps answering reads (stale) rather than erroring.
    ['replica-serve-stale-data', 'yes'],
    ['repl-diskless-sync', 'yes'],
    ['repl-diskless-sync-delay', '0'],
  ];
  if (options.replicaOfPort !== undefined) {
    lines.push(['replicaof', `127.0.0.1 ${options.replicaOfPort}`]);
  }
  for (const [d, v] of Object.entries(options.config ?? {})) lines.push([d, String(v)]);
  return lines;
}

export interface SentinelOptions {
  masterName: string;
  /** The primary's link port: Sentinel monitors it, and learns the rest from it. */
  primaryPort: number;
  quorum: number;
  /** This Sentinel's own link port, announced to the other Sentinels. */
  announcePort: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
}

export function sentinelLines(o: SentinelOptions): RedisConfigLine[] {
  return [
    ['sentinel', `monitor ${o.masterName} 127.0.0.1 ${o.primaryPort} ${o.quorum}`],
    ['sentinel', `down-after-milliseconds ${o.masterName} ${o.downAfterMs}`],
    ['sentinel', `failover-timeout ${o.masterName} ${o.failoverTimeoutMs}`],
    ['sentinel', `parallel-syncs ${o.masterName} 1`],
    ['sentinel', 'announce-ip 127.0.0.1'],
    ['sentinel', `announce-port ${o.announcePort}`],
  ];
}

export interface ClusterNodeOptions {
  /** The node's link port: what it tells the cluster and its clients to dial. */
  announcePort: number;
  nodeTimeoutMs: number;
  config?: Readonly<Record<string, string | number>>;
}

/**
 * A Redis Cluster node. The bus (node to node gossip) is not proxied: its port is set with
 * `cluster-port` because a free port + 10000 (the default) may not exist below 65535.
 */
export function clusterNodeLines(place: InstancePlace, o: ClusterNodeOptions): RedisConfigLine[] {
  const bus = place.extraPorts[0];
  if (bus === undefined) throw new Error('a cluster node needs a bus port');
  const lines: RedisConfigLine[] = [
    ['cluster-enabled', 'yes'],
    ['cluster-config-file', 'nodes.conf'],
    ['cluster-node-timeout', String(o.nodeTimeoutMs)],
    ['cluster-port', String(bus)],
    ['cluster-announce-ip', '127.0.0.1'],
    ['cluster-announce-port', String(o.announcePort)],
    ['cluster-announce-bus-port', String(bus)],
    // Keys in the slots of the other primaries stay served while one primary is down.
    ['cluster-require-full-coverage', 'no'],
    ['repl-diskless-sync', 'yes'],
    ['repl-diskless-sync-delay', '0'],
  ];
  for (const [d, v] of Object.entries(o.config ?? {})) lines.push([d, String(v)]);
  return lines;
}

/**
 * Writes the config once: Redis and Sentinel rewrite their own (a failover reconfigures a
 * replica, Sentinel records the new primary), and a restarted node must come back with that.
 */
function writeOnce(place: InstancePlace, content: string): void {
  const file = resolve(place.dir, CONFIG_FILE);
  if (!existsSync(file)) writeFileSync(file, content);
}

async function answersPing(
  place: InstancePlace,
  timeoutMs: number,
  alive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`redis-server exited (${last})`);
    try {
      last = await pingRaw(place.port, 1_000);
      if (!last.startsWith('-LOADING')) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(20);
  }
  throw new Error(last);
}

function kind(
  name: string,
  lines: (place: InstancePlace) => RedisConfigLine[],
  extraArgs: string[],
  extraPorts = 0,
): PrivateProcessKind {
  return {
    kind: name,
    binary: 'redis-server',
    installHint: REDIS_SERVER_INSTALL,
    extraPorts,
    prepare: (place) => {
      writeOnce(place, redisConfigFile(place, lines(place)));
      return Promise.resolve();
    },
    args: (place) => [resolve(place.dir, CONFIG_FILE), ...extraArgs],
    // redis-server retitles itself "redis-server 127.0.0.1:<port>" (plus " [sentinel]").
    markers: (place) => ['redis-server', `127.0.0.1:${place.port}`],
    ready: answersPing,
  };
}

export function sentinelDataNodeKind(options: SentinelDataNodeOptions): PrivateProcessKind {
  return kind('redis', () => sentinelDataNodeLines(options), []);
}

export function sentinelKind(options: SentinelOptions): PrivateProcessKind {
  return kind('sentinel', () => sentinelLines(options), ['--sentinel']);
}

export function clusterNodeKind(options: ClusterNodeOptions): PrivateProcessKind {
  return kind('redis', (place) => clusterNodeLines(place, options), [], 1);
}
