// Starts the three-node Kafka cluster a run asked for (ctx.privateKafkaCluster): a link per node
// first (the node advertises the link's port, so every client connection, bootstrap and
// per-partition alike, goes through it), then the nodes side by side, each registered with the
// run's faults as `kafka-<id>` once ready. Clients made through the handle are disconnected when
// the run ends, before the nodes are killed.
import kafkajs from 'kafkajs';
import type { Admin, ITopicMetadata, Kafka } from 'kafkajs';
import {
  planKafkaCluster,
  startKafkaNodes,
} from '../../../../infrastructure/launcher/private/clusters/kafka-cluster.ts';
import type {
  KafkaCluster,
  KafkaClusterClientOptions,
  KafkaClusterSettings,
  KafkaPartitionState,
} from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';

type Closable = { disconnect(): Promise<void> };

const nodeName = (id: number): string => `kafka-${id}`;

/** A topic's partitions from a metadata answer, in partition order. */
export function partitionStates(
  metadata: { topics: readonly ITopicMetadata[] },
  topic: string,
): KafkaPartitionState[] {
  const found = metadata.topics.find((t) => t.name === topic);
  if (!found) throw new Error(`no metadata for topic ${topic}`);
  return found.partitions
    .map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: [...p.replicas],
      isr: [...p.isr],
    }))
    .sort((a, b) => a.partition - b.partition);
}

class RunKafkaCluster implements KafkaCluster {
  readonly nodes: readonly string[];
  private readonly open = new Set<Closable>();
  private adminClient: Promise<Admin> | undefined;

  constructor(
    readonly brokers: readonly string[],
    private readonly clientId: string,
  ) {
    this.nodes = brokers.map((_, i) => nodeName(i + 1));
  }

  nodeName(nodeId: number): string {
    return nodeName(nodeId);
  }

  client(options: KafkaClusterClientOptions = {}): Kafka {
    const kafka = new kafkajs.Kafka({
      clientId: this.clientId,
      brokers: [...this.brokers],
      logLevel: kafkajs.logLevel.NOTHING,
      connectionTimeout: 1_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      retry: { retries: options.retries ?? 20, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    const track = <T extends Closable>(client: T): T => {
      this.open.add(client);
      return client;
    };
    return {
      producer: (config) => track(kafka.producer(config)),
      consumer: (config) => track(kafka.consumer(config)),
      admin: (config) => track(kafka.admin(config)),
      logger: () => kafka.logger(),
    };
  }

  admin(): Promise<Admin> {
    this.adminClient ??= (async () => {
      const admin = this.client({ retries: 2, requestTimeoutMs: 2_000 }).admin();
      await admin.connect();
      return admin;
    })();
    return this.adminClient;
  }

  async partitions(topic: string): Promise<KafkaPartitionState[]> {
    const admin = await this.admin();
    return partitionStates(await admin.fetchTopicMetadata({ topics: [topic] }), topic);
  }

  async leaderOf(topic: string, partition: number): Promise<number> {
    const state = (await this.partitions(topic)).find((p) => p.partition === partition);
    return state?.leader ?? -1;
  }

  async isrOf(topic: string, partition: number): Promise<number[]> {
    const state = (await this.partitions(topic)).find((p) => p.partition === partition);
    return state?.isr ?? [];
  }

  /** Every client made through the handle, disconnected side by side. */
  async close(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((c) => c.disconnect().catch(() => undefined)));
  }
}

export async function startKafkaCluster(
  ctx: ClusterStartContext,
  settings: KafkaClusterSettings,
): Promise<KafkaCluster> {
  const started = performance.now();
  const plan = await planKafkaCluster({
    ...(settings.config ? { config: settings.config } : {}),
    advertise: async (id, upstream) => {
      const link = await ctx.faults.link(nodeName(id), upstream);
      // link() hands back an existing link of that name: one in front of a shared broker
      // (KAFKA_BROKERS with several) would send this node's clients elsewhere.
      if (link.upstream !== upstream) {
        throw new Error(`link ${link.name} already leads to ${link.upstream}, not to ${upstream}`);
      }
      return link.port;
    },
  });
  const cluster = new RunKafkaCluster(
    plan.nodes.map((n) => `127.0.0.1:${n.advertisedPort}`),
    ctx.clientName,
  );
  let cancelled = false;
  let starting: Promise<unknown> = Promise.resolve();
  ctx.onClose(async () => {
    cancelled = true;
    await cluster.close();
    // A start still under way sees `cancelled` within a probe and kills its JVM.
    await starting.catch(() => undefined);
  });
  ctx.progress(
    `kafka cluster: formatting and starting ${plan.nodes.length} KRaft nodes (broker + controller each)…`,
  );
  let ready = 0;
  starting = startKafkaNodes(ctx.instances, plan, {
    cancelled: () => cancelled,
    onReady: (id, proc) => {
      ctx.faults.node(nodeName(id), proc);
      ctx.progress(`${nodeName(id)} registered and unfenced (${++ready} of ${plan.nodes.length})`);
    },
  });
  await starting;
  ctx.progress(
    `kafka cluster up in ${((performance.now() - started) / 1000).toFixed(1)} s: ${cluster.brokers.join(', ')}`,
  );
  return cluster;
}
