// One node of a run's Kafka cluster: KRaft, every node both broker and controller, voters fixed in
// the config (a static quorum: the ports are chosen before any node starts, so no node has to be
// added to the quorum later). Clients reach a node only through its fault link, whose address it
// advertises; replication and the controller quorum use direct loopback listeners, so a toxic on a
// link hurts the run's clients and never the cluster's own traffic, while a killed or paused node
// hurts both.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import kafkajs from 'kafkajs';
import { LaunchError } from '../../errors.ts';
import { ensureKafkaJars, findJava } from '../../kafka.ts';
import { MAVEN_REPO_DIR } from '../../paths.ts';
import { probeKafka } from '../../probe.ts';
import { run, sleep } from '../../process.ts';
import { KAFKA_JAVA_INSTALL, KAFKA_LIBS, javaArgs, kafkaNodePlace } from '../kafka.ts';
import type { InstancePlace, PrivateProcessKind } from '../private-process.ts';

export interface KafkaClusterNodePlan {
  /** node.id, from 1; ctx.faults knows the node as `kafka-<id>`. */
  id: number;
  /** Where the node listens for clients: its link's upstream. */
  clientPort: number;
  /** The link's port, which the node advertises: every client connection goes through it. */
  advertisedPort: number;
  /** Replication between the nodes, direct. */
  internalPort: number;
  /** The KRaft quorum, direct. */
  controllerPort: number;
}

export interface KafkaClusterPlan {
  clusterId: string;
  nodes: readonly KafkaClusterNodePlan[];
  /** More server.properties settings for every node, over CLUSTER_DEFAULTS. */
  config?: Record<string, string | number>;
}

/**
 * What every node runs with. Replication 3 with two in sync required, as production clusters
 * do; the timeouts are cut from Kafka's defaults (broker session 9 s, heartbeat 2 s, replica lag
 * 30 s) so a killed node is fenced, its partitions get new leaders and their ISR shrinks within
 * a few seconds, which is what a run has time to show.
 */
export const CLUSTER_DEFAULTS: Readonly<Record<string, string | number>> = {
  'default.replication.factor': 3,
  'min.insync.replicas': 2,
  'offsets.topic.replication.factor': 3,
  'offsets.topic.num.partitions': 3,
  'transaction.state.log.replication.factor': 3,
  'transaction.state.log.min.isr': 2,
  'transaction.state.log.num.partitions': 3,
  'share.coordinator.state.topic.replication.factor': 3,
  'share.coordinator.state.topic.min.isr': 2,
  'broker.heartbeat.interval.ms': 500,
  'broker.session.timeout.ms': 3000,
  'replica.lag.time.max.ms': 4000,
  // Leadership stays where the failure put it: no preferred-leader election moving it back
  // while a run still counts.
  'auto.leader.rebalance.enable': 'false',
  'unclean.leader.election.enable': 'false',
  'auto.create.topics.enable': 'false',
  'group.initial.rebalance.delay.ms': 0,
  'num.partitions': 1,
  'num.network.threads': 2,
  'num.io.threads': 2,
  'num.replica.fetchers': 1,
  'background.threads': 2,
};

const LOCALHOST = '127.0.0.1';

/**
 * Three JVMs share two cores with everything else: the client compiler alone (no C2 threads
 * compiling in the background) and the serial collector (no parallel GC threads) start a node in
 * about half the time under load, and a node here never runs long enough for C2 to pay off.
 */
const NODE_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const jvm = (place: InstancePlace): string[] => [...NODE_JVM_FLAGS, ...javaArgs(place)];

export function nodePlan(plan: KafkaClusterPlan, id: number): KafkaClusterNodePlan {
  const node = plan.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`the cluster plan has no node ${id}`);
  return node;
}

/** Every voter as `id@host:port`, the same line in every node's config. */
export function quorumVoters(plan: KafkaClusterPlan): string {
  return plan.nodes.map((n) => `${n.id}@${LOCALHOST}:${n.controllerPort}`).join(',');
}

export function kafkaClusterNodeProperties(
  plan: KafkaClusterPlan,
  id: number,
  dataDir: string,
): string {
  const n = nodePlan(plan, id);
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': id,
    'controller.quorum.voters': quorumVoters(plan),
    'controller.listener.names': 'CONTROLLER',
    listeners: [
      `CLIENT://${LOCALHOST}:${n.clientPort}`,
      `INTERNAL://${LOCALHOST}:${n.internalPort}`,
      `CONTROLLER://${LOCALHOST}:${n.controllerPort}`,
    ].join(','),
    'advertised.listeners': `CLIENT://${LOCALHOST}:${n.advertisedPort},INTERNAL://${LOCALHOST}:${n.internalPort}`,
    'inter.broker.listener.name': 'INTERNAL',
    'listener.security.protocol.map': 'CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    ...CLUSTER_DEFAULTS,
    ...plan.config,
  };
  return Object.entries(lines)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

/** A node's direct listener for replication: where readiness is asked, past any toxic. */
export function internalAddress(plan: KafkaClusterPlan, id: number): string {
  return `${LOCALHOST}:${nodePlan(plan, id).internalPort}`;
}

export interface KafkaClusterNodeOptions {
  /** True once the run that starts it has ended: a start still under way gives up. */
  cancelled?: () => boolean;
}

class Cancelled extends Error {
  constructor() {
    super('the run ended while the node was starting');
  }
}

/**
 * Ready means the controller quorum has registered and unfenced the node: its own metadata lists
 * it among the live brokers. ApiVersions alone answers earlier, before the node may lead or
 * follow any partition.
 */
async function unfenced(address: string, id: number): Promise<boolean> {
  const probe = await probeKafka(address, 1_000);
  if (!probe.ok) return false;
  const admin = new kafkajs.Kafka({
    brokers: [address],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.some((b) => b.nodeId === id);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function formatOnce(
  plan: KafkaClusterPlan,
  place: InstancePlace,
  java: string,
  cancelled: () => boolean,
): Promise<void> {
  if (existsSync(resolve(place.dir, 'data', 'meta.properties'))) return;
  await ensureKafkaJars(KAFKA_LIBS, MAVEN_REPO_DIR, () => undefined);
  if (cancelled()) throw new Cancelled();
  mkdirSync(kafkaNodePlace(place).logsDir, { recursive: true });
  // Static voters: no --standalone or --initial-controllers, only the shared cluster id.
  const result = await run(
    java,
    [
      ...jvm(place),
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      plan.clusterId,
      '--config',
      resolve(place.dir, 'server.properties'),
    ],
    { timeoutMs: 60_000, cwd: place.dir },
  );
  if (result.code !== 0) {
    throw new LaunchError(
      `kafka-storage format failed for a cluster node (exit ${result.code ?? 'signal'})`,
      KAFKA_JAVA_INSTALL,
      (result.stdout + result.stderr).trim().split('\n').slice(-20).join('\n'),
    );
  }
}

/** The private-process kind of node `id` of `plan`; start it on the plan's ports. */
export function kafkaClusterNodeKind(
  plan: KafkaClusterPlan,
  id: number,
  options: KafkaClusterNodeOptions = {},
): PrivateProcessKind {
  const cancelled = options.cancelled ?? (() => false);
  const properties = (place: InstancePlace): string => resolve(place.dir, 'server.properties');
  return {
    kind: 'kafka',
    binary: 'java',
    locate: findJava,
    extraPorts: 2,
    installHint: KAFKA_JAVA_INSTALL,
    files: (place) => ({
      'server.properties': kafkaClusterNodeProperties(plan, id, resolve(place.dir, 'data')),
    }),
    prepare: async (place, java) => {
      if (cancelled()) throw new Cancelled();
      await formatOnce(plan, place, java, cancelled);
    },
    args: (place) => [...jvm(place), 'kafka.Kafka', properties(place)],
    markers: (place) => ['kafka.Kafka', properties(place)],
    async ready(_place, timeoutMs, alive) {
      const address = internalAddress(plan, id);
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (cancelled()) throw new Cancelled();
        if (!alive()) throw new Error('the JVM exited');
        if (await unfenced(address, id)) return;
        await sleep(250);
      }
      throw new Error(`node ${id} was not registered and unfenced within ${timeoutMs} ms`);
    },
  };
}
