// Starts the RabbitMQ cluster a run asked for: the nodes' ports chosen first, a fault link in
// front of each node's AMQP listener, the nodes booted and clustered
// (infrastructure/launcher/private/clusters), each registered for node actions; the handle's
// connections are closed when the run ends, before the nodes are killed.
import { connect as amqpConnect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import {
  nodePlace,
  planRabbitmqCluster,
  runningNodes,
  startRabbitmqNodes,
} from '../../../../infrastructure/launcher/private/clusters/rabbitmq-cluster.ts';
import type {
  RabbitmqClusterNodePlan,
  RabbitmqClusterPlan,
} from '../../../../infrastructure/launcher/private/clusters/rabbitmq-cluster.ts';
import { rabbitmqctl } from '../../../../infrastructure/launcher/private/index.ts';
import type { PrivateProcess } from '../../../../infrastructure/launcher/private/index.ts';
import type {
  FaultLink,
  RabbitmqCluster,
  RabbitmqClusterQueue,
  RabbitmqClusterSettings,
} from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';
import { LIST_QUEUES_ARGS, parseClusterQueues } from './rabbitmq-queues.ts';

interface ClusterNode {
  plan: RabbitmqClusterNodePlan;
  link: FaultLink;
  proc: PrivateProcess;
}

class RunRabbitmqCluster implements RabbitmqCluster {
  readonly nodes: readonly string[];
  private readonly byName: Map<string, ClusterNode>;
  private readonly connections: ChannelModel[] = [];

  constructor(
    private readonly ctx: ClusterStartContext,
    private readonly plan: RabbitmqClusterPlan,
    nodes: ClusterNode[],
  ) {
    this.nodes = nodes.map((n) => n.plan.name);
    this.byName = new Map(nodes.map((n) => [n.plan.name, n]));
  }

  private node(node: string): ClusterNode {
    const found = this.byName.get(node);
    if (!found) throw new Error(`no node ${node} in this cluster (${this.nodes.join(', ')})`);
    return found;
  }

  erlangName(node: string): string {
    return this.node(node).plan.nodeName;
  }

  nodeOf(erlangName: string): string | undefined {
    return this.plan.nodes.find((n) => n.nodeName === erlangName)?.name;
  }

  url(node: string): string {
    return `amqp://guest:guest@127.0.0.1:${this.node(node).link.port}`;
  }

  async connect(node: string): Promise<ChannelModel> {
    const connection = await amqpConnect(this.url(node), {
      clientProperties: { connection_name: `${this.ctx.clientName} → ${node}` },
    });
    // A killed node (or a link taken down) closes it with an error event; the caller sees its
    // channels close, and the run must not crash on the event.
    connection.on('error', () => undefined);
    this.connections.push(connection);
    connection.on('close', () => {
      const i = this.connections.indexOf(connection);
      if (i >= 0) this.connections.splice(i, 1);
    });
    return connection;
  }

  ctl(node: string, ...args: string[]): Promise<string> {
    return rabbitmqctl(nodePlace(this.ctx.instances, this.node(node).plan), args);
  }

  managementUrl(node: string): string | undefined {
    return this.plan.management
      ? `http://127.0.0.1:${this.node(node).plan.managementPort}`
      : undefined;
  }

  pid(node: string): number {
    return this.node(node).proc.pid;
  }

  async runningNodes(from?: string): Promise<string[]> {
    const out = await this.firstAnswer(from, ['cluster_status', '--formatter', 'json']);
    return runningNodes(out).flatMap((n) => this.nodeOf(n) ?? []);
  }

  async queues(): Promise<RabbitmqClusterQueue[]> {
    const out = await this.firstAnswer(undefined, [...LIST_QUEUES_ARGS]);
    return parseClusterQueues(out, (erlang) => this.nodeOf(erlang));
  }

  /** rabbitmqctl on `from`, or on each running node in turn until one answers. */
  private async firstAnswer(from: string | undefined, args: string[]): Promise<string> {
    const order = from
      ? [from]
      : this.nodes.filter((n) => this.node(n).proc.running).concat(this.nodes);
    let last: Error = new Error('no node answered');
    for (const node of new Set(order)) {
      try {
        return await this.ctl(node, ...args);
      } catch (error) {
        last = error as Error;
      }
    }
    throw last;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.connections
        .splice(0)
        .map((c) =>
          Promise.race([c.close().catch(() => undefined), new Promise((r) => setTimeout(r, 500))]),
        ),
    );
  }
}

export async function startRabbitmqCluster(
  ctx: ClusterStartContext,
  settings: RabbitmqClusterSettings,
): Promise<RabbitmqCluster> {
  const size = settings.size ?? 3;
  if (!Number.isInteger(size) || size < 1 || size > 5) {
    throw new Error(`a private RabbitMQ cluster has 1 to 5 nodes, not ${size}`);
  }
  const plan = await planRabbitmqCluster(size, {
    ...(settings.formation ? { formation: settings.formation } : {}),
    management: settings.management ?? false,
  });
  const links = await Promise.all(
    plan.nodes.map((n) => ctx.faults.link(n.name, `127.0.0.1:${n.amqpPort}`)),
  );
  const { processes } = await startRabbitmqNodes(ctx.instances, plan, ctx.progress, {
    ...(settings.config ? { config: settings.config } : {}),
  });
  const nodes = plan.nodes.map((p, i) => ({ plan: p, link: links[i]!, proc: processes[i]! }));
  for (const node of nodes) ctx.faults.node(node.plan.name, node.proc);
  const cluster = new RunRabbitmqCluster(ctx, plan, nodes);
  ctx.onClose(() => cluster.close());
  return cluster;
}
