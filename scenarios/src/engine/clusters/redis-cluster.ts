// Starts the redis-cluster a run asked for: six nodes, `redis-1` … `redis-6`, each behind a link
// of its own that it announces (cluster-announce-port), created with `redis-cli --cluster create
// --cluster-replicas 1` against the links; ready once every node reports cluster_state:ok.
import { Cluster } from 'ioredis';
import type { Redis } from 'ioredis';
import { run as runCommand } from '../../../../infrastructure/launcher/process.ts';
import { findBinary } from '../../../../infrastructure/launcher/private/index.ts';
import { clusterNodeKind } from '../../../../infrastructure/launcher/private/clusters/redis-nodes.ts';
import { reservePorts } from '../../../../infrastructure/launcher/private/clusters/redis-ports.ts';
import type {
  ClusterClient,
  ClusterNodeView,
  RedirectCounts,
  RedisClusterHandle,
  RedisClusterSettings,
} from '../../sdk/index.ts';
import { waitFor } from '../../sdk/poll.ts';
import { parseInfo } from '../../sdk/redis/info.ts';
import type { ClusterStartContext } from './cluster-context.ts';
import { FAIL_FAST, RedisConnections } from './redis-connections.ts';

const NODES = 6;
const READY_WITHIN_MS = 30_000;

interface NodePorts {
  name: string;
  port: number;
  bus: number;
  linkPort: number;
}

/** One CLUSTER NODES line, with addresses turned into node names. */
export function parseClusterNodes(
  text: string,
  nameOf: (address: string) => string | undefined,
): ClusterNodeView[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed = lines.map((line) => {
    const [id = '', addr = '', flags = '', primaryId = '-', , , , link = '', ...slots] =
      line.split(' ');
    const address = addr.split('@')[0] ?? '';
    const flagList = flags.split(',');
    return {
      id,
      address,
      node: nameOf(address) ?? address,
      role: flagList.includes('master') ? ('master' as const) : ('slave' as const),
      primaryId,
      failing: flagList.includes('fail') || flagList.includes('fail?') || link !== 'connected',
      slots: slots
        .filter((s) => !s.startsWith('['))
        .map((s): [number, number] => {
          const [a, b] = s.split('-').map(Number);
          return [a!, b ?? a!];
        }),
    };
  });
  const byId = new Map(parsed.map((p) => [p.id, p.node]));
  return parsed.map(({ primaryId, ...rest }) => ({
    ...rest,
    primaryOf: primaryId === '-' ? undefined : byId.get(primaryId),
  }));
}

export async function startRedisCluster(
  ctx: ClusterStartContext,
  settings: RedisClusterSettings,
): Promise<RedisClusterHandle> {
  const redisCli = findBinary('redis-cli');
  if (!redisCli) throw new Error('redis-cli is not installed (sudo apt-get install redis-tools)');
  const reserved = await reservePorts(NODES * 2);
  const nodes: NodePorts[] = [];
  try {
    for (let i = 0; i < NODES; i++) {
      const port = reserved.ports[2 * i]!;
      const link = await ctx.faults.link(`redis-${i + 1}`, `127.0.0.1:${port}`);
      nodes.push({
        name: `redis-${i + 1}`,
        port,
        bus: reserved.ports[2 * i + 1]!,
        linkPort: link.port,
      });
    }
  } finally {
    await reserved.release();
  }
  const connections = new RedisConnections(ctx.clientName);
  ctx.onClose(() => connections.closeAll());

  ctx.progress(`starting ${NODES} cluster nodes`);
  await Promise.all(
    nodes.map(async (node) => {
      const proc = await ctx.instances.start(
        clusterNodeKind({
          announcePort: node.linkPort,
          nodeTimeoutMs: settings.nodeTimeoutMs ?? 1_000,
          ...(settings.config ? { config: settings.config } : {}),
        }),
        { name: node.name, port: node.port, extraPorts: [node.bus] },
      );
      ctx.faults.node(node.name, proc);
    }),
  );
  ctx.progress('creating the cluster: 3 primaries, 3 replicas, 16384 slots');
  const created = await runCommand(
    redisCli,
    [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.linkPort}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ],
    { timeoutMs: READY_WITHIN_MS },
  );
  if (created.code !== 0) {
    throw new Error(
      `redis-cli --cluster create failed: ${(created.stdout + created.stderr).slice(-500)}`,
    );
  }
  const ok = await waitFor(
    async () => {
      const states = await Promise.all(
        nodes.map((n) =>
          connections
            .ask(n.linkPort, async (redis) =>
              parseInfo(String(await redis.call('CLUSTER', 'INFO'))),
            )
            .catch(() => ({}) as Record<string, string | number>),
        ),
      );
      return states.every(
        (s) =>
          s.cluster_state === 'ok' &&
          s.cluster_known_nodes === NODES &&
          s.cluster_slots_ok === 16384,
      );
    },
    { withinMs: READY_WITHIN_MS, everyMs: 100 },
  );
  if (!ok) throw new Error('redis-cluster: not every node reported cluster_state:ok in time');
  ctx.progress('every node reports cluster_state:ok');
  return new ClusterHandle(ctx.clientName, nodes, connections);
}

class ClusterHandle implements RedisClusterHandle {
  readonly nodes: readonly string[];
  private readonly byAddress = new Map<string, string>();
  private readonly linkPort = new Map<string, number>();

  constructor(
    private readonly clientName: string,
    private readonly ports: readonly NodePorts[],
    private readonly connections: RedisConnections,
  ) {
    this.nodes = ports.map((n) => n.name);
    for (const n of ports) {
      this.byAddress.set(`127.0.0.1:${n.port}`, n.name);
      this.byAddress.set(`127.0.0.1:${n.linkPort}`, n.name);
      this.linkPort.set(n.name, n.linkPort);
    }
  }

  async client(): Promise<ClusterClient> {
    const cluster = this.connections.track(
      new Cluster(
        this.ports.map((n) => ({ host: '127.0.0.1', port: n.linkPort })),
        {
          redisOptions: { ...FAIL_FAST, connectionName: this.clientName },
          enableOfflineQueue: false,
          lazyConnect: true,
          maxRedirections: 16,
          retryDelayOnFailover: 100,
          retryDelayOnClusterDown: 100,
          retryDelayOnTryAgain: 50,
          slotsRefreshTimeout: 1_000,
          clusterRetryStrategy: () => 200,
        },
      ),
    );
    const redirects: RedirectCounts = { moved: 0, ask: 0 };
    // ioredis follows MOVED and ASK by itself; every redirect reply of a single command passes
    // through handleError first, so they are counted there (a pipeline redirected as a whole,
    // MULTI included, counts once however many of its commands were redirected).
    const follow = cluster.handleError.bind(cluster);
    cluster.handleError = (error, ttl, handlers) => {
      const kind = error.message.split(' ')[0];
      if (kind === 'MOVED') redirects.moved++;
      else if (kind === 'ASK') redirects.ask++;
      follow(error, ttl, handlers);
    };
    await cluster.connect();
    return { cluster, redirects };
  }

  connectTo(node: string): Promise<Redis> {
    const port = this.linkPort.get(node);
    if (port === undefined) throw new Error(`no node ${node} in this redis-cluster`);
    return this.connections.direct(port);
  }

  async view(): Promise<ClusterNodeView[]> {
    for (const n of this.ports) {
      try {
        const text = await this.connections.ask(n.linkPort, (redis) =>
          redis.call('CLUSTER', 'NODES'),
        );
        return parseClusterNodes(String(text), (a) => this.nodeAt(a));
      } catch {
        // Killed or paused: ask the next.
      }
    }
    throw new Error('no node of the redis-cluster answers');
  }

  nodeAt(address: string): string | undefined {
    return this.byAddress.get(address);
  }
}
