// Three (or more) private RabbitMQ nodes on this machine clustered together: each with its own
// node name, AMQP/dist/management ports and data directory, all sharing one Erlang cookie. The
// ports are chosen before any node starts because every node's config names all its peers
// (classic peer discovery), so the nodes can boot side by side and find each other.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sleep } from '../../process.ts';
import { freePort } from '../../ports.ts';
import type { InstancePlace, PrivateProcess, PrivateProcessKind } from '../private-process.ts';
import { rabbitmqKind, rabbitmqNodePlace, rabbitmqctl } from '../rabbitmq.ts';
import type { RabbitmqNodeOptions } from '../rabbitmq.ts';
import type { RunInstances } from '../run-instances.ts';

/**
 * How the nodes become one cluster. `classic-config`: every node's rabbitmq.conf lists all
 * nodes and they boot together (the first to take the lock forms the cluster, the others join
 * it). `join`: they boot as strangers, then nodes 2..n run stop_app / join_cluster / start_app.
 */
export type RabbitmqFormation = 'classic-config' | 'join';

export interface RabbitmqClusterNodePlan {
  /** The directory name and the name faults know it by: `rabbitmq-<n>`. */
  name: string;
  amqpPort: number;
  distPort: number;
  managementPort: number;
  /** `playground-private-<amqpPort>@localhost`. */
  nodeName: string;
}

export interface RabbitmqClusterPlan {
  nodes: RabbitmqClusterNodePlan[];
  /** The Erlang cookie every node and every rabbitmqctl call shares. */
  cookie: string;
  formation: RabbitmqFormation;
  management: boolean;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

export async function planRabbitmqCluster(
  size: number,
  options: { formation?: RabbitmqFormation; management?: boolean } = {},
): Promise<RabbitmqClusterPlan> {
  const ports = await distinctFreePorts(size * 3);
  const nodes = Array.from({ length: size }, (_, i) => {
    const [amqpPort, distPort, managementPort] = ports.slice(i * 3, i * 3 + 3) as [
      number,
      number,
      number,
    ];
    const place = rabbitmqNodePlace({ dir: '', port: amqpPort, extraPorts: [distPort] });
    return {
      name: `rabbitmq-${i + 1}`,
      amqpPort,
      distPort,
      managementPort,
      nodeName: place.nodeName,
    };
  });
  return {
    nodes,
    cookie: randomBytes(20).toString('hex').toUpperCase(),
    // Measured (docs/clusters/rabbitmq.md): joining one node at a time was faster than booting
    // with classic peer discovery on this 2-core machine.
    formation: options.formation ?? 'join',
    management: options.management ?? false,
  };
}

/** The rabbitmq.conf lines a cluster node adds to a private node's own. */
export function clusterNodeConfig(plan: RabbitmqClusterPlan): Record<string, string | number> {
  const config: Record<string, string | number> = {
    // A killed peer is declared down as soon as its dist connection drops; a paused one (SIGSTOP)
    // after the net tick. Keep the default partition handling (ignore): three nodes on one host
    // do not partition unless a fault says so, and then the learner should see what happens.
    cluster_partition_handling: 'ignore',
  };
  if (plan.formation === 'classic-config') {
    config['cluster_formation.peer_discovery_backend'] = 'classic_config';
    plan.nodes.forEach((node, i) => {
      config[`cluster_formation.classic_config.nodes.${i + 1}`] = node.nodeName;
    });
  }
  return config;
}

/** A private RabbitMQ node that is one of the plan's: its peers in its config, the shared cookie. */
export function rabbitmqClusterNodeKind(
  plan: RabbitmqClusterPlan,
  options: RabbitmqNodeOptions = {},
): PrivateProcessKind {
  const base = rabbitmqKind({
    management: plan.management,
    config: { ...clusterNodeConfig(plan), ...options.config },
  });
  return {
    ...base,
    // Erlang reads $HOME/.erlang.cookie (HOME is the node's directory, for rabbitmqctl too) and
    // refuses one that others may read.
    prepare(place) {
      const cookie = resolve(place.dir, '.erlang.cookie');
      if (!existsSync(cookie)) writeFileSync(cookie, plan.cookie);
      chmodSync(cookie, 0o400);
      return Promise.resolve();
    },
  };
}

/** `rabbitmqctl cluster_status --formatter json` → the nodes it lists as running. */
export function runningNodes(clusterStatusJson: string): string[] {
  const status = JSON.parse(clusterStatusJson) as { running_nodes?: unknown };
  return Array.isArray(status.running_nodes)
    ? status.running_nodes.filter((n): n is string => typeof n === 'string')
    : [];
}

/** Where a node's CLI tools find it: its directory under the run, its AMQP and dist ports. */
export function nodePlace(instances: RunInstances, node: RabbitmqClusterNodePlan): InstancePlace {
  return {
    dir: resolve(instances.dir, node.name),
    port: node.amqpPort,
    extraPorts: [node.distPort, node.managementPort],
  };
}

/** Waits until `cluster_status` on `from` lists every node of the plan as running. */
export async function waitForRunningCluster(
  instances: RunInstances,
  plan: RabbitmqClusterPlan,
  from: RabbitmqClusterNodePlan,
  timeoutMs: number,
): Promise<void> {
  const want = plan.nodes.map((n) => n.nodeName);
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  let last = '';
  while (Date.now() < deadline) {
    try {
      const out = await rabbitmqctl(nodePlace(instances, from), [
        'cluster_status',
        '--formatter',
        'json',
      ]);
      seen = runningNodes(out);
      if (want.every((n) => seen.includes(n))) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `the cluster did not form within ${timeoutMs} ms: ${from.nodeName} sees ${seen.join(', ') || 'no node'} running${last ? ` (${last})` : ''}`,
  );
}

export interface StartedRabbitmqCluster {
  plan: RabbitmqClusterPlan;
  /** In the plan's order. */
  processes: PrivateProcess[];
}

/**
 * Starts every node of the plan side by side, forms the cluster and returns once node 1 sees all
 * of them running. Whatever started is the run's, killed with it if this fails half-way.
 */
export async function startRabbitmqNodes(
  instances: RunInstances,
  plan: RabbitmqClusterPlan,
  progress: (message: string) => void = () => undefined,
  options: RabbitmqNodeOptions & { readyTimeoutMs?: number; formTimeoutMs?: number } = {},
): Promise<StartedRabbitmqCluster> {
  const kind = rabbitmqClusterNodeKind(plan, options);
  const total = plan.nodes.length;
  let up = 0;
  progress(`starting ${total} RabbitMQ nodes side by side (${plan.formation})`);
  const processes = await Promise.all(
    plan.nodes.map(async (node) => {
      const proc = await instances.start(kind, {
        name: node.name,
        port: node.amqpPort,
        extraPorts: [node.distPort, node.managementPort],
        // Booting together on two shared cores, a node takes several times its lone start.
        readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
      });
      progress(`${node.name} accepts AMQP (${++up} of ${total})`);
      return proc;
    }),
  );
  const [seed] = plan.nodes;
  if (!seed) throw new Error('a cluster needs at least one node');
  if (plan.formation === 'join') {
    // One at a time, so that no two schema changes race (concurrent joins were not tried).
    for (const node of plan.nodes.slice(1)) {
      const place = nodePlace(instances, node);
      await rabbitmqctl(place, ['stop_app']);
      await rabbitmqctl(place, ['join_cluster', seed.nodeName], 30_000);
      await rabbitmqctl(place, ['start_app'], 60_000);
      progress(`${node.name} joined ${seed.name}`);
    }
  }
  await waitForRunningCluster(instances, plan, seed, options.formTimeoutMs ?? 30_000);
  progress(`cluster formed: ${plan.nodes.map((n) => n.name).join(', ')} running`);
  return { plan, processes };
}
