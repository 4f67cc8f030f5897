// Starts the redis-sentinel a run asked for: redis-1 (primary), redis-2 and redis-3 (its
// replicas) and three Sentinels (quorum 2). Each data node has two links: `redis-<n>` for the
// run's clients, and `redis-<n>-peers`, the address it announces, which replication and the
// Sentinels use. Clients learn the peers address from the Sentinels and are mapped (ioredis
// natMap) onto the client link, so a toxic on either path can be applied alone.
import { Redis } from 'ioredis';
import {
  sentinelDataNodeKind,
  sentinelKind,
} from '../../../../infrastructure/launcher/private/clusters/redis-nodes.ts';
import { reservePorts } from '../../../../infrastructure/launcher/private/clusters/redis-ports.ts';
import type {
  RedisSentinelCluster,
  RedisSentinelSettings,
  SentinelClientOptions,
} from '../../sdk/index.ts';
import { waitFor } from '../../sdk/poll.ts';
import { parseInfo } from '../../sdk/redis/info.ts';
import type { ClusterStartContext } from './cluster-context.ts';
import { FAIL_FAST, RedisConnections } from './redis-connections.ts';

const MASTER_NAME = 'playground';
const DATA_NODES = 3;
const SENTINELS = 3;
const QUORUM = 2;
const READY_WITHIN_MS = 20_000;

interface NodePorts {
  name: string;
  /** Where the process listens. */
  port: number;
  /** The run's clients' link. */
  clientPort: number;
  /** The announced link (replication, Sentinels); a Sentinel has one link only. */
  peerPort: number;
}

/** SENTINEL MASTER's flat [field, value, …] reply as a record. */
export function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

export async function startRedisSentinel(
  ctx: ClusterStartContext,
  settings: RedisSentinelSettings,
): Promise<RedisSentinelCluster> {
  const reserved = await reservePorts(DATA_NODES + SENTINELS);
  const data: NodePorts[] = [];
  const sentinels: NodePorts[] = [];
  try {
    for (let i = 0; i < DATA_NODES + SENTINELS; i++) {
      const port = reserved.ports[i]!;
      const isData = i < DATA_NODES;
      const name = isData ? `redis-${i + 1}` : `sentinel-${i - DATA_NODES + 1}`;
      const client = await ctx.faults.link(name, `127.0.0.1:${port}`);
      const peer = isData ? await ctx.faults.link(`${name}-peers`, `127.0.0.1:${port}`) : client;
      (isData ? data : sentinels).push({
        name,
        port,
        clientPort: client.port,
        peerPort: peer.port,
      });
    }
  } finally {
    await reserved.release();
  }
  const connections = new RedisConnections(ctx.clientName);
  ctx.onClose(() => connections.closeAll());

  const primary = data[0]!;
  ctx.progress(`starting ${primary.name} (primary) and ${data.length - 1} replicas`);
  await Promise.all(
    data.map(async (node, i) => {
      const proc = await ctx.instances.start(
        sentinelDataNodeKind({
          announcePort: node.peerPort,
          ...(i === 0 ? {} : { replicaOfPort: primary.peerPort }),
          ...(settings.config ? { config: settings.config } : {}),
        }),
        { name: node.name, port: node.port },
      );
      ctx.faults.node(node.name, proc);
    }),
  );
  const synced = await waitFor(
    () =>
      connections.ask(primary.clientPort, async (redis) => {
        const info = parseInfo(await redis.info('replication'));
        const online = Object.entries(info).filter(
          ([k, v]) => /^slave\d+$/.test(k) && String(v).includes('state=online'),
        );
        return online.length === DATA_NODES - 1;
      }),
    { withinMs: READY_WITHIN_MS, everyMs: 100 },
  );
  if (!synced) throw new Error('redis-sentinel: the replicas did not finish their first sync');
  ctx.progress('replicas in sync; starting three Sentinels');

  await Promise.all(
    sentinels.map(async (node) => {
      const proc = await ctx.instances.start(
        sentinelKind({
          masterName: MASTER_NAME,
          primaryPort: primary.peerPort,
          quorum: QUORUM,
          announcePort: node.peerPort,
          downAfterMs: settings.downAfterMs ?? 2_000,
          failoverTimeoutMs: settings.failoverTimeoutMs ?? 3_000,
        }),
        { name: node.name, port: node.port },
      );
      ctx.faults.node(node.name, proc);
    }),
  );
  // Each Sentinel has found both replicas (from the primary's INFO) and the other Sentinels
  // (from their hello messages): only then can a quorum agree on a failover.
  const agreed = await waitFor(
    async () => {
      const views = await Promise.all(
        sentinels.map((s) =>
          connections
            .ask(s.clientPort, (redis) => redis.call('SENTINEL', 'MASTER', MASTER_NAME))
            .then(pairs)
            .catch(() => ({}) as Record<string, string>),
        ),
      );
      return views.every(
        (v) =>
          Number(v['num-slaves']) === DATA_NODES - 1 &&
          Number(v['num-other-sentinels']) === SENTINELS - 1,
      );
    },
    { withinMs: READY_WITHIN_MS, everyMs: 200 },
  );
  if (!agreed) throw new Error('redis-sentinel: the Sentinels did not find each other in time');
  ctx.progress('Sentinels agree: 1 primary, 2 replicas, 3 Sentinels');
  return new SentinelHandle(ctx.clientName, data, sentinels, connections);
}

class SentinelHandle implements RedisSentinelCluster {
  readonly masterName = MASTER_NAME;
  readonly dataNodes: readonly string[];
  readonly sentinels: readonly string[];
  readonly nodes: readonly string[];
  private readonly byAddress = new Map<string, string>();
  private readonly clientPort = new Map<string, number>();

  constructor(
    private readonly clientName: string,
    private readonly data: readonly NodePorts[],
    private readonly sentinelPorts: readonly NodePorts[],
    private readonly connections: RedisConnections,
  ) {
    this.dataNodes = data.map((n) => n.name);
    this.sentinels = sentinelPorts.map((n) => n.name);
    this.nodes = [...this.dataNodes, ...this.sentinels];
    for (const n of [...data, ...sentinelPorts]) {
      for (const port of [n.port, n.clientPort, n.peerPort]) {
        this.byAddress.set(`127.0.0.1:${port}`, n.name);
      }
      this.clientPort.set(n.name, n.clientPort);
    }
  }

  async client(options: SentinelClientOptions = {}): Promise<Redis> {
    const natMap = Object.fromEntries(
      this.data.map((n) => [`127.0.0.1:${n.peerPort}`, { host: '127.0.0.1', port: n.clientPort }]),
    );
    const client = this.connections.track(
      new Redis({
        ...(options.failFast === false ? { lazyConnect: true } : FAIL_FAST),
        sentinels: this.sentinelPorts.map((s) => ({ host: '127.0.0.1', port: s.clientPort })),
        name: MASTER_NAME,
        natMap,
        sentinelRetryStrategy: () => 100,
        // A Sentinel that has not switched yet still names the dead primary: ask again soon.
        retryStrategy: () => 100,
        connectionName: this.clientName,
        sentinelCommandTimeout: 1_000,
      }),
    );
    await client.connect();
    return client;
  }

  connectTo(node: string): Promise<Redis> {
    const port = this.clientPort.get(node);
    if (port === undefined) throw new Error(`no node ${node} in this redis-sentinel`);
    return this.connections.direct(port);
  }

  async primary(): Promise<string | undefined> {
    // All at once, so a paused Sentinel (which answers nothing until its timeout) costs no time
    // while another answers; the name most of them give wins (they differ mid-failover).
    const answers = await Promise.all(
      this.sentinelPorts.map((s) =>
        this.connections
          .ask(s.clientPort, (redis) =>
            redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME),
          )
          .then((reply) =>
            Array.isArray(reply)
              ? this.nodeAt(`${String(reply[0])}:${String(reply[1])}`)
              : undefined,
          )
          .catch(() => undefined),
      ),
    );
    const votes = new Map<string, number>();
    for (const a of answers) if (a !== undefined) votes.set(a, (votes.get(a) ?? 0) + 1);
    return [...votes].sort((x, y) => y[1] - x[1])[0]?.[0];
  }

  nodeAt(address: string): string | undefined {
    return this.byAddress.get(address);
  }

  peerLink(node: string): string {
    if (!this.dataNodes.includes(node)) throw new Error(`${node} is not a data node`);
    return `${node}-peers`;
  }
}
