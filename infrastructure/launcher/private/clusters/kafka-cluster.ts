// A run's Kafka cluster, as processes: ports chosen for every node before any starts (each
// node's config names its peers' controller ports), a link put in front of each client port by
// the caller, then the nodes started side by side over one cluster id.
import { freePort } from '../../ports.ts';
import { clusterId } from '../kafka.ts';
import type { PrivateProcess } from '../private-process.ts';
import type { RunInstances } from '../run-instances.ts';
import { kafkaClusterNodeKind } from './kafka-node.ts';
import type { KafkaClusterNodePlan, KafkaClusterPlan } from './kafka-node.ts';

export const KAFKA_CLUSTER_SIZE = 3;
/** Three JVMs starting at once on two cores take far longer than one alone. */
const READY_TIMEOUT_MS = 90_000;

/** `count` free loopback ports, none repeated and none in `taken`. */
async function freePorts(count: number, taken: ReadonlySet<number>): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!taken.has(port) && !ports.includes(port)) ports.push(port);
  }
  return ports;
}

export interface PlanOptions {
  size?: number;
  config?: Record<string, string | number>;
  /**
   * Puts a link in front of node `id`'s client listener (`clientAddress`, not listening yet)
   * and resolves with the link's port, which the node will advertise.
   */
  advertise(id: number, clientAddress: string): Promise<number>;
}

export async function planKafkaCluster(options: PlanOptions): Promise<KafkaClusterPlan> {
  const size = options.size ?? KAFKA_CLUSTER_SIZE;
  const clientPorts = await freePorts(size, new Set());
  const advertised: number[] = [];
  for (const [i, port] of clientPorts.entries()) {
    advertised.push(await options.advertise(i + 1, `127.0.0.1:${port}`));
  }
  // The links listen already: the direct ports must not be one of theirs. A node may advertise
  // its own port (no link: the comparison lab's cluster), never another node's.
  const taken = new Set([...clientPorts, ...advertised]);
  const clash = advertised.some(
    (port, i) =>
      port !== clientPorts[i] && (clientPorts.includes(port) || advertised.indexOf(port) !== i),
  );
  if (clash) {
    throw new Error(`a link took a port chosen for a node (${[...taken].join(', ')})`);
  }
  const direct = await freePorts(2 * size, taken);
  const nodes: KafkaClusterNodePlan[] = clientPorts.map((clientPort, i) => ({
    id: i + 1,
    clientPort,
    advertisedPort: advertised[i] ?? clientPort,
    internalPort: direct[2 * i] ?? 0,
    controllerPort: direct[2 * i + 1] ?? 0,
  }));
  return { clusterId: clusterId(), nodes, ...(options.config ? { config: options.config } : {}) };
}

export interface StartNodesOptions {
  /** True once the run has ended: starts under way give up. */
  cancelled?: () => boolean;
  /** Each node as it becomes ready (registered and unfenced). */
  onReady?: (id: number, proc: PrivateProcess) => void;
  readyTimeoutMs?: number;
}

/**
 * Starts every node of `plan` at once, each in `<run dir>/kafka-<id>`; resolves, in node order,
 * once all are registered and unfenced. A node alone cannot finish starting: its broker waits for
 * a controller quorum, two of the three.
 */
export async function startKafkaNodes(
  instances: RunInstances,
  plan: KafkaClusterPlan,
  options: StartNodesOptions = {},
): Promise<PrivateProcess[]> {
  return Promise.all(
    plan.nodes.map(async (node) => {
      const kind = kafkaClusterNodeKind(plan, node.id, {
        ...(options.cancelled ? { cancelled: options.cancelled } : {}),
      });
      const proc = await instances.start(kind, {
        name: `kafka-${node.id}`,
        port: node.clientPort,
        extraPorts: [node.internalPort, node.controllerPort],
        readyTimeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
      });
      options.onReady?.(node.id, proc);
      return proc;
    }),
  );
}
