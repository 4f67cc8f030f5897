// The Kafka kind of private instance: a single KRaft node (broker and controller) run from the
// jars the shared broker's launcher resolved, with SASL/SCRAM on its client listener and the
// StandardAuthorizer denying whatever no ACL allows. Its users are created when the storage is
// formatted (`--add-scram`), so they exist before the first client connects; the authorizer's
// refusals go to a log file of their own (infrastructure/kafka/log4j2-private.properties).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LaunchError } from '../errors.ts';
import { JAVA_INSTALL_HINT, ensureKafkaJars, findJava } from '../kafka.ts';
import { INFRA_DIR, MAVEN_REPO_DIR, brokerDir } from '../paths.ts';
import { probeKafka } from '../probe.ts';
import { run, sleep } from '../process.ts';
import type { InstancePlace, PrivateProcessKind } from './private-process.ts';

export const KAFKA_JAVA_INSTALL = JAVA_INSTALL_HINT;
/** The shared broker's jars: resolved once by Maven, shared by every private node. */
export const KAFKA_LIBS = resolve(brokerDir('kafka'), 'libs');
const HEAP = '-Xmx256m';

export interface ScramUser {
  name: string;
  password: string;
}

export interface KafkaNodeOptions {
  /** SCRAM-SHA-256 users created at format time. */
  users?: readonly ScramUser[];
  /** More server.properties settings (key → value). */
  config?: Record<string, string | number>;
}

/** Where a private node listens and where it logs. */
export interface KafkaNodePlace {
  /** SASL_PLAINTEXT with SCRAM-SHA-256: the clients' listener, where the ACLs apply. */
  saslAddress: string;
  /**
   * PLAINTEXT, loopback only: the inter-broker listener, whose unauthenticated principal
   * (User:ANONYMOUS) is a super user, as `User:admin` is; the setup's admin client uses it.
   */
  adminAddress: string;
  controllerAddress: string;
  logsDir: string;
  /** The authorizer's log: one INFO line per DENIED decision. */
  authorizerLog: string;
  /** The server log, where each refused SASL login leaves a "Failed authentication" line. */
  serverLog: string;
}

export function kafkaNodePlace(place: InstancePlace): KafkaNodePlace {
  const [controllerPort = place.port + 1, adminPort = place.port + 2] = place.extraPorts;
  const logsDir = resolve(place.dir, 'logs');
  return {
    saslAddress: `127.0.0.1:${place.port}`,
    adminAddress: `127.0.0.1:${adminPort}`,
    controllerAddress: `127.0.0.1:${controllerPort}`,
    logsDir,
    authorizerLog: resolve(logsDir, 'kafka-authorizer.log'),
    serverLog: resolve(logsDir, 'server.log'),
  };
}

export function kafkaNodeProperties(place: InstancePlace, options: KafkaNodeOptions): string {
  const node = kafkaNodePlace(place);
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': node.controllerAddress,
    'controller.listener.names': 'CONTROLLER',
    listeners: `CLIENT://${node.saslAddress},CONTROLLER://${node.controllerAddress},ADMIN://${node.adminAddress}`,
    'advertised.listeners': `CLIENT://${node.saslAddress},ADMIN://${node.adminAddress}`,
    'inter.broker.listener.name': 'ADMIN',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,CLIENT:SASL_PLAINTEXT,ADMIN:PLAINTEXT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
    'listener.name.client.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    // The controller and inter-broker listeners are PLAINTEXT on loopback: their principal is
    // ANONYMOUS and must pass the authorizer's cluster checks.
    'super.users': 'User:admin;User:ANONYMOUS',
    'allow.everyone.if.no.acl.found': 'false',
    'log.dirs': resolve(place.dir, 'data'),
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.partitions': 1,
    'num.network.threads': 2,
    'num.io.threads': 2,
    ...options.config,
  };
  return Object.entries(lines)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

/** Kafka's Uuid text form: 16 random bytes, base64url without padding, never starting with '-'. */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function javaArgs(place: InstancePlace): string[] {
  return [
    HEAP,
    `-Dlog4j2.configurationFile=${resolve(INFRA_DIR, 'kafka', 'log4j2-private.properties')}`,
    `-Dkafka.logs.dir=${kafkaNodePlace(place).logsDir}`,
    '-Djava.awt.headless=true',
    '-cp',
    `${KAFKA_LIBS}/*`,
  ];
}

/** Formats the node's storage with its SCRAM users, unless a previous start did. */
async function formatOnce(place: InstancePlace, java: string, options: KafkaNodeOptions) {
  if (existsSync(resolve(place.dir, 'data', 'meta.properties'))) return;
  await ensureKafkaJars(KAFKA_LIBS, MAVEN_REPO_DIR, () => undefined);
  mkdirSync(kafkaNodePlace(place).logsDir, { recursive: true });
  const scram = (options.users ?? []).flatMap((u) => [
    '--add-scram',
    `SCRAM-SHA-256=[name=${u.name},password=${u.password}]`,
  ]);
  const result = await run(
    java,
    [
      ...javaArgs(place),
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '--cluster-id',
      clusterId(),
      '--config',
      resolve(place.dir, 'server.properties'),
      ...scram,
    ],
    { timeoutMs: 60_000, cwd: place.dir },
  );
  if (result.code !== 0) {
    throw new LaunchError(
      `kafka-storage format failed for a private Kafka (exit ${result.code ?? 'signal'})`,
      KAFKA_JAVA_INSTALL,
      (result.stdout + result.stderr).trim().split('\n').slice(-20).join('\n'),
    );
  }
}

export function kafkaKind(options: KafkaNodeOptions = {}): PrivateProcessKind {
  for (const user of options.users ?? []) {
    // The format tool parses `[name=…,password=…]` itself: these would cut a value short.
    if (/[\],=]/.test(user.name + user.password)) {
      throw new Error(`SCRAM user ${user.name}: names and passwords may not hold ] , or =`);
    }
  }
  return {
    kind: 'kafka',
    binary: 'java',
    locate: findJava,
    extraPorts: 2,
    installHint: KAFKA_JAVA_INSTALL,
    files: (place) => ({ 'server.properties': kafkaNodeProperties(place, options) }),
    prepare: (place, java) => formatOnce(place, java, options),
    args: (place) => [...javaArgs(place), 'kafka.Kafka', resolve(place.dir, 'server.properties')],
    markers: (place) => ['kafka.Kafka', resolve(place.dir, 'server.properties')],
    async ready(place, timeoutMs, alive) {
      const { adminAddress } = kafkaNodePlace(place);
      const deadline = Date.now() + timeoutMs;
      let last = 'not started';
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`the JVM exited (${last})`);
        const probe = await probeKafka(adminAddress, 1_000);
        if (probe.ok) return;
        last = probe.error;
        await sleep(200);
      }
      throw new Error(last);
    },
  };
}

/** The lines of one of the node's log files that match `pattern` (none when it has no file yet). */
export function kafkaLogLines(file: string, pattern: RegExp): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => pattern.test(line));
}
