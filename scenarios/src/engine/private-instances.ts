// A run's private instances, as its scenario sees them: `ctx.privateRedis(settings)` starts a
// redis-server of the run's own (infrastructure/launcher/private) and hands back clients and a
// handle; `closeAll` (called however the run ends) closes the clients, kills the processes and
// deletes their directory.
import { Redis } from 'ioredis';
import { connect as amqpConnect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import kafkajs from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import {
  KAFKA_JAVA_INSTALL,
  NGINX_INSTALL,
  RABBITMQ_SERVER_INSTALL,
  REDIS_SERVER_INSTALL,
  RunInstances,
  findBinary,
  findJava,
  kafkaKind,
  kafkaLogLines,
  kafkaNodePlace,
  rabbitmqKind,
  rabbitmqNodePlace,
  rabbitmqScript,
  rabbitmqctl,
  redisKind,
  startNginx,
} from '../../../infrastructure/launcher/private/index.ts';
import type {
  PrivateProcess,
  PrivateProcessKind,
  RabbitmqNodeOptions,
  RedisConfigLine,
} from '../../../infrastructure/launcher/private/index.ts';
import type { RunFaults } from './faults.ts';
import { RunPrivateNginx } from './private-nginx.ts';
import type { ClusterStartContext } from './clusters/cluster-context.ts';
import { startRedisSentinel } from './clusters/redis-sentinel.ts';
import { startRedisCluster } from './clusters/redis-cluster.ts';
import { startKafkaCluster } from './clusters/kafka-cluster.ts';
import { startRabbitmqCluster } from './clusters/rabbitmq-cluster.ts';
import type {
  KafkaCluster,
  KafkaClusterSettings,
  RabbitmqCluster,
  RabbitmqClusterSettings,
  RedisClusterHandle,
  RedisClusterSettings,
  RedisSentinelCluster,
  RedisSentinelSettings,
  FaultNodeHandle,
  KafkaLogin,
  PrivateKafka,
  PrivateKafkaSettings,
  PrivateNginx,
  PrivateNginxSettings,
  PrivateRabbitmq,
  PrivateRabbitmqSettings,
  PrivateRedis,
  PrivateRedisSettings,
  RabbitmqLogin,
  RedisLogin,
  Requirement,
} from '../sdk/index.ts';

const INSTALL: Record<Requirement, string> = {
  'redis-server': REDIS_SERVER_INSTALL,
  'redis-cli': 'sudo apt-get install redis-tools',
  'rabbitmq-server': RABBITMQ_SERVER_INSTALL,
  java: KAFKA_JAVA_INSTALL,
  nginx: NGINX_INSTALL,
};

// Debian's rabbitmq-server on PATH is a wrapper; the node needs the script behind it.
const LOCATE: Partial<Record<Requirement, () => string | undefined>> = {
  'rabbitmq-server': () => rabbitmqScript('rabbitmq-server'),
  java: findJava,
};

/** What is missing of what the scenario requires, each with its install command. */
export function missingRequirements(requires: readonly Requirement[] = []): string[] {
  return requires
    .filter((binary) => (LOCATE[binary]?.() ?? findBinary(binary)) === undefined)
    .map((binary) => `${binary} is not installed (install it: \`${INSTALL[binary]}\`)`);
}

export function redisConfigLines(settings: PrivateRedisSettings): RedisConfigLine[] {
  const lines: RedisConfigLine[] = [];
  if (settings.maxmemoryMb !== undefined) lines.push(['maxmemory', `${settings.maxmemoryMb}mb`]);
  if (settings.maxmemoryPolicy) lines.push(['maxmemory-policy', settings.maxmemoryPolicy]);
  if (settings.appendonly !== undefined) {
    lines.push(['appendonly', settings.appendonly ? 'yes' : 'no']);
  }
  if (settings.appendfsync) lines.push(['appendfsync', settings.appendfsync]);
  if (settings.save !== undefined) lines.push(['save', settings.save]);
  for (const user of settings.users ?? []) lines.push(['user', user]);
  for (const [directive, value] of Object.entries(settings.config ?? {})) {
    lines.push([directive, String(value)]);
  }
  return lines;
}

class RunPrivateRedis implements PrivateRedis {
  private main: Promise<Redis> | undefined;

  constructor(
    private readonly proc: PrivateProcess,
    private readonly login: RedisLogin | undefined,
    private readonly clients: Redis[],
    private readonly clientName: string,
  ) {}

  get address(): string {
    return this.proc.address;
  }

  get pid(): number {
    return this.proc.pid;
  }

  client(): Promise<Redis> {
    this.main ??= this.connect();
    return this.main;
  }

  async connect(login = this.login): Promise<Redis> {
    const client = new Redis({
      host: '127.0.0.1',
      port: this.proc.port,
      ...(login ? { username: login.username, password: login.password } : {}),
      lazyConnect: true,
      // While the server is down (killed, restarting) commands fail at once and are not
      // acknowledged; the client keeps reconnecting until the run closes it.
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
      connectionName: this.clientName,
    });
    client.on('error', () => {
      /* reported through the failing command */
    });
    this.clients.push(client);
    await client.connect();
    return client;
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }

  restart(): Promise<void> {
    return this.proc.restart();
  }
}

export function rabbitmqNodeOptions(settings: PrivateRabbitmqSettings): RabbitmqNodeOptions {
  const config: Record<string, string | number> = {};
  if (settings.memoryHighWatermarkMb !== undefined) {
    config['vm_memory_high_watermark.absolute'] = `${settings.memoryHighWatermarkMb}MB`;
  }
  return {
    ...(settings.management === undefined ? {} : { management: settings.management }),
    config: { ...config, ...settings.config },
  };
}

class RunPrivateRabbitmq implements PrivateRabbitmq {
  constructor(
    private readonly proc: PrivateProcess,
    private readonly management: boolean,
    private readonly connections: ChannelModel[],
    private readonly clientName: string,
  ) {}

  get address(): string {
    return this.proc.address;
  }

  get nodeName(): string {
    return rabbitmqNodePlace(this.proc.place).nodeName;
  }

  get managementUrl(): string | undefined {
    return this.management ? rabbitmqNodePlace(this.proc.place).managementUrl : undefined;
  }

  get pid(): number {
    return this.proc.pid;
  }

  url(login?: RabbitmqLogin): string {
    const user = encodeURIComponent(login?.username ?? 'guest');
    const pass = encodeURIComponent(login?.password ?? 'guest');
    const vhost = encodeURIComponent(login?.vhost ?? '/');
    return `amqp://${user}:${pass}@${this.proc.address}/${vhost}`;
  }

  async connect(login?: RabbitmqLogin): Promise<ChannelModel> {
    const connection = await amqpConnect(this.url(login), {
      clientProperties: { connection_name: this.clientName },
    });
    // A killed node closes it with an error event; the caller sees the closed channel.
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }

  ctl(...args: string[]): Promise<string> {
    return rabbitmqctl(this.proc.place, args);
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }

  restart(): Promise<void> {
    return this.proc.restart();
  }
}

class RunPrivateKafka implements PrivateKafka {
  private adminClient: Promise<Admin> | undefined;

  constructor(
    private readonly proc: PrivateProcess,
    private readonly admins: Promise<Admin>[],
    private readonly clientName: string,
  ) {}

  get saslAddress(): string {
    return kafkaNodePlace(this.proc.place).saslAddress;
  }

  get adminAddress(): string {
    return kafkaNodePlace(this.proc.place).adminAddress;
  }

  get pid(): number {
    return this.proc.pid;
  }

  client(login: KafkaLogin, options: { retries?: number } = {}): Kafka {
    return new kafkajs.Kafka({
      clientId: this.clientName,
      brokers: [this.saslAddress],
      logLevel: kafkajs.logLevel.NOTHING,
      sasl: { mechanism: 'scram-sha-256', username: login.username, password: login.password },
      retry: { retries: options.retries ?? 2, initialRetryTime: 100 },
    });
  }

  admin(): Promise<Admin> {
    this.adminClient ??= (async () => {
      const admin = new kafkajs.Kafka({
        clientId: this.clientName,
        brokers: [this.adminAddress],
        logLevel: kafkajs.logLevel.NOTHING,
      }).admin();
      await admin.connect();
      return admin;
    })();
    if (!this.admins.includes(this.adminClient)) this.admins.push(this.adminClient);
    return this.adminClient;
  }

  deniedLines(): string[] {
    return kafkaLogLines(kafkaNodePlace(this.proc.place).authorizerLog, / is Denied operation /);
  }

  authFailureLines(): string[] {
    return kafkaLogLines(kafkaNodePlace(this.proc.place).serverLog, /Failed authentication/);
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }

  restart(): Promise<void> {
    return this.proc.restart();
  }
}

export class RunPrivateInstances {
  private readonly instances: RunInstances;
  private readonly clients: Redis[] = [];
  private readonly amqpConnections: ChannelModel[] = [];
  private readonly kafkaAdmins: Promise<Admin>[] = [];
  private readonly closers: (() => Promise<void> | void)[] = [];
  private readonly started = new Map<string, number>();

  constructor(
    private readonly runId: string,
    private readonly faults: RunFaults,
    private readonly progress: (message: string) => void = () => undefined,
  ) {
    this.instances = new RunInstances(runId);
  }

  /** Node actions reach every private instance, as `<kind>-<n>`; returns that name. */
  private register(kind: string, proc: FaultNodeHandle): string {
    const n = (this.started.get(kind) ?? 0) + 1;
    this.started.set(kind, n);
    this.faults.node(`${kind}-${n}`, proc);
    return `${kind}-${n}`;
  }

  private clusterContext(): ClusterStartContext {
    return {
      runId: this.runId,
      clientName: `playground-${this.runId}`,
      instances: this.instances,
      faults: this.faults,
      onClose: (close) => this.closers.push(close),
      progress: this.progress,
    };
  }

  redisSentinel(settings: RedisSentinelSettings = {}): Promise<RedisSentinelCluster> {
    return startRedisSentinel(this.clusterContext(), settings);
  }

  redisCluster(settings: RedisClusterSettings = {}): Promise<RedisClusterHandle> {
    return startRedisCluster(this.clusterContext(), settings);
  }

  kafkaCluster(settings: KafkaClusterSettings = {}): Promise<KafkaCluster> {
    return startKafkaCluster(this.clusterContext(), settings);
  }

  rabbitmqCluster(settings: RabbitmqClusterSettings = {}): Promise<RabbitmqCluster> {
    return startRabbitmqCluster(this.clusterContext(), settings);
  }

  async redis(settings: PrivateRedisSettings): Promise<PrivateRedis> {
    const proc = await this.instances.start(redisKind(redisConfigLines(settings)));
    this.register('redis', proc);
    return new RunPrivateRedis(proc, settings.login, this.clients, `playground-${this.runId}`);
  }

  async rabbitmq(settings: PrivateRabbitmqSettings = {}): Promise<PrivateRabbitmq> {
    const proc = await this.instances.start(rabbitmqKind(rabbitmqNodeOptions(settings)));
    this.register('rabbitmq', proc);
    return new RunPrivateRabbitmq(
      proc,
      settings.management !== false,
      this.amqpConnections,
      `playground-${this.runId}`,
    );
  }

  async kafka(settings: PrivateKafkaSettings = {}): Promise<PrivateKafka> {
    const users = (settings.users ?? []).map((u) => ({ name: u.username, password: u.password }));
    const proc = await this.instances.start(
      kafkaKind({ users, ...(settings.config ? { config: settings.config } : {}) }),
    );
    this.register('kafka', proc);
    return new RunPrivateKafka(proc, this.kafkaAdmins, `playground-${this.runId}`);
  }

  /**
   * nginx is a master and its workers, and the instances end each process by its pid alone: the
   * handle kills the whole tree first, before the instances are closed.
   */
  async nginx(settings: PrivateNginxSettings): Promise<PrivateNginx> {
    const nginx = await startNginx(this.instances, settings);
    this.closers.push(() => nginx.kill());
    return new RunPrivateNginx(this.register('nginx', nginx), nginx);
  }

  /**
   * A process of any kind (the shop's services), in the run's directory and killed with the
   * rest however the run ends; named `options.name`.
   */
  process(
    kind: PrivateProcessKind,
    options: { name: string; readyTimeoutMs?: number },
  ): Promise<PrivateProcess> {
    return this.instances.start(kind, options);
  }

  /** Closes the clients, kills every instance and deletes the run's private directory. */
  async closeAll(): Promise<void> {
    await Promise.allSettled(
      this.closers
        .splice(0)
        .map((close) =>
          Promise.race([Promise.resolve(close()), new Promise((r) => setTimeout(r, 1_000))]),
        ),
    );
    for (const client of this.clients.splice(0)) client.disconnect();
    // Killing the node ends these anyway; closing first spares them a socket error.
    await Promise.all(
      this.amqpConnections
        .splice(0)
        .map((c) =>
          Promise.race([c.close().catch(() => undefined), new Promise((r) => setTimeout(r, 500))]),
        ),
    );
    await Promise.all(
      this.kafkaAdmins
        .splice(0)
        .map((a) =>
          Promise.race([
            a.then((admin) => admin.disconnect()).catch(() => undefined),
            new Promise((r) => setTimeout(r, 500)),
          ]),
        ),
    );
    await this.instances.closeAll();
  }
}
