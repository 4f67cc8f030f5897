// The contract between a scenario and whatever runs it (the server's run manager, the CLI, a
// test). The server knows scenarios only through these types.
import type { Static, TObject } from '@sinclair/typebox';
import type { Redis } from 'ioredis';
import type { ChannelModel } from 'amqplib';
import type { Admin, Kafka } from 'kafkajs';
import type { Counter, Gauge, Histogram } from './recorders.ts';
import type { Pacer } from './pacer.ts';
import type { Names } from './names.ts';
import type { ResourceTracker } from './resources.ts';
import type { Random } from './random.ts';
import type {
  BrokerName,
  ChartSpec,
  FaultsView,
  Level,
  MarkerKind,
  MetricSpec,
  NodeAction,
  Topology,
  ToxicStream,
  ToxicType,
} from './spec.ts';
import type { RedisSentinelSettings, RedisSentinelCluster } from './clusters/redis-sentinel.ts';
import type { RedisClusterSettings, RedisClusterHandle } from './clusters/redis-cluster.ts';
import type { KafkaClusterSettings, KafkaCluster } from './clusters/kafka-cluster.ts';
import type { RabbitmqClusterSettings, RabbitmqCluster } from './clusters/rabbitmq-cluster.ts';
import type { PrivateNginx, PrivateNginxSettings } from './nginx.ts';
import type { Shop } from './shop.ts';

export type * from './clusters/redis-sentinel.ts';
export type * from './clusters/redis-cluster.ts';
export type * from './clusters/kafka-cluster.ts';
export type * from './clusters/rabbitmq-cluster.ts';

export type * from './spec.ts';

export interface RunFacts {
  [key: string]: number | string | boolean;
}

export interface FinishedRun<P> {
  params: P;
  /** The final value of every key, as in the last frame (histograms over the whole run). */
  summary: Record<string, number>;
  /** What the broker itself reported at the end, recorded by the scenario with `ctx.fact`. */
  facts: RunFacts;
  durationMs: number;
}

/**
 * A check's verdict. `passed` compares two independent sources (what the clients counted
 * against what the broker or origin reports); a check whose premise the params rule out returns
 * `notApplicable(reason)`, never a pass. See docs/scenario-authoring.md, "Honest checks".
 */
export type CheckResult =
  | { passed: boolean; detail: string; notApplicable?: undefined }
  | { notApplicable: true; detail: string; passed?: undefined };

export type CheckStatus = 'passed' | 'failed' | 'not-applicable';

/** A fact the run recorded as a number; undefined when it was not recorded (the run ended early). */
export function numberFact(run: { facts: RunFacts }, key: string): number | undefined {
  const value = run.facts[key];
  return typeof value === 'number' ? value : undefined;
}

/** The check does not apply to these params; `reason` says why (shown as the detail). */
export function notApplicable(reason: string): CheckResult {
  return { notApplicable: true, detail: reason };
}

export function statusOf(result: CheckResult): CheckStatus {
  if (result.notApplicable) return 'not-applicable';
  return result.passed ? 'passed' : 'failed';
}

export interface CheckSpec<P> {
  id: string;
  description: string;
  evaluate(run: FinishedRun<P>): CheckResult;
}

export interface Metrics {
  counter(key: string): Counter;
  gauge(key: string): Gauge;
  histogram(key: string): Histogram;
}

export interface BrokerClients {
  /** A Redis connection of this run's own, closed when the run ends. */
  redis(): Promise<Redis>;
  /** A new Redis connection (e.g. one per simulated client), also closed when the run ends. */
  newRedis(): Promise<Redis>;
  /** An AMQP connection of this run's own; call again for a separate connection. */
  amqp(): Promise<ChannelModel>;
  /** The Kafka client; producers, consumers and admins made from it are the run's to close. */
  kafka(): Kafka;
}

/** Settings of a private Redis (one the run starts for itself; see docs/architecture.md). */
export interface PrivateRedisSettings {
  maxmemoryMb?: number;
  /** maxmemory-policy: allkeys-lru, allkeys-lfu, volatile-ttl, allkeys-random, noeviction… */
  maxmemoryPolicy?: string;
  appendonly?: boolean;
  appendfsync?: 'always' | 'everysec' | 'no';
  /** RDB snapshot points as in redis.conf's `save` ('3600 1 60 100'); none by default. */
  save?: string;
  /** ACL users, each a redis.conf `user` line without the word: 'app on >pw ~app:* +get'. */
  users?: string[];
  /** Who the run's clients log in as (needed once the default user is off). */
  login?: RedisLogin;
  /** Any other redis.conf directives (directive → value). */
  config?: Record<string, string | number>;
}

export interface RedisLogin {
  username: string;
  password: string;
}

/** A Redis the run started for itself; it is stopped and deleted when the run ends. */
export interface PrivateRedis {
  /** host:port on loopback. */
  readonly address: string;
  /** The current redis-server pid (a restart changes it). */
  readonly pid: number;
  /** A connection of the run's own, logged in as the settings' `login`. */
  client(): Promise<Redis>;
  /**
   * A new connection (closed when the run ends). Commands fail at once while the server is
   * down, and it reconnects by itself after a restart.
   */
  connect(login?: RedisLogin): Promise<Redis>;
  /** SIGKILL: no shutdown, no final save. */
  kill(): Promise<void>;
  /** A clean shutdown. */
  stop(): Promise<void>;
  /** Starts it again over the same data directory; resolves once it serves requests. */
  restart(): Promise<void>;
}

/** Settings of a private RabbitMQ node (one the run starts for itself). */
export interface PrivateRabbitmqSettings {
  /** vm_memory_high_watermark.absolute in MB: above it the node blocks every publisher. */
  memoryHighWatermarkMb?: number;
  /** The management plugin and its HTTP API (default on). */
  management?: boolean;
  /** Any other rabbitmq.conf settings (key → value). */
  config?: Record<string, string | number>;
}

export interface RabbitmqLogin {
  username: string;
  password: string;
  /** Default '/'. */
  vhost?: string;
}

/** A RabbitMQ node the run started for itself; it is killed and deleted when the run ends. */
export interface PrivateRabbitmq {
  /** host:port of its AMQP listener, on loopback. */
  readonly address: string;
  /** The node's name, as rabbitmqctl -n takes it. */
  readonly nodeName: string;
  /** Its management API's base URL (guest:guest), when the plugin is on. */
  readonly managementUrl: string | undefined;
  /** The current beam.smp pid (a restart changes it). */
  readonly pid: number;
  /** The AMQP URL for a login (guest on '/' by default). */
  url(login?: RabbitmqLogin): string;
  /**
   * A new connection (closed when the run ends). Its errors are the caller's to handle: a
   * killed node closes it with an error.
   */
  connect(login?: RabbitmqLogin): Promise<ChannelModel>;
  /** rabbitmqctl against this node (`-n`, its cookie); resolves with its stdout. */
  ctl(...args: string[]): Promise<string>;
  /** SIGKILL to beam.smp: no shutdown, nothing more written. */
  kill(): Promise<void>;
  /** A clean shutdown. */
  stop(): Promise<void>;
  /** Starts it again over the same data; resolves once it accepts an AMQP login. */
  restart(): Promise<void>;
}

/** Settings of a private Kafka node: SASL/SCRAM logins and an authorizer that denies by default. */
export interface PrivateKafkaSettings {
  /** SCRAM-SHA-256 users, created before the node first starts. */
  users?: KafkaLogin[];
  /** Any other server.properties settings (key → value). */
  config?: Record<string, string | number>;
}

export interface KafkaLogin {
  username: string;
  password: string;
}

/**
 * A single-node Kafka (KRaft) the run started for itself, with SASL/SCRAM on its client listener
 * and the StandardAuthorizer (no ACL: no access); it is killed and deleted when the run ends.
 */
export interface PrivateKafka {
  /** host:port of its SASL_PLAINTEXT (SCRAM-SHA-256) listener, where ACLs apply. */
  readonly saslAddress: string;
  /** host:port of its PLAINTEXT loopback listener, whose principal is a super user. */
  readonly adminAddress: string;
  readonly pid: number;
  /** A kafkajs client logging in as `login` over SASL; its producers and consumers are the caller's to disconnect. */
  client(login: KafkaLogin, options?: { retries?: number }): Kafka;
  /** A connected super-user admin (disconnected when the run ends): topics, ACLs, offsets. */
  admin(): Promise<Admin>;
  /** The authorizer log's DENIED lines ("Principal = User:bob is Denied operation = READ …"). */
  deniedLines(): string[];
  /** The server log's "Failed authentication" lines: one per refused SASL login. */
  authFailureLines(): string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Starts it again over the same data (users and ACLs kept); resolves once it answers. */
  restart(): Promise<void>;
}

/** What a scenario needs beyond the brokers, checked before it may run ('java': a private Kafka). */
export type Requirement = 'redis-server' | 'redis-cli' | 'rabbitmq-server' | 'java' | 'nginx';

/** A toxic to add to a link (Toxiproxy's POST /proxies/{name}/toxics body). */
export interface ToxicSpec {
  type: ToxicType;
  /** Default 'downstream' (server → client), as in Toxiproxy. */
  stream?: ToxicStream;
  /** Probability (0–1) that a new connection gets it; default 1. */
  toxicity?: number;
  /** The type's attributes: latency {latency, jitter} ms, bandwidth {rate} KB/s… */
  attributes?: Record<string, number>;
  /** Default `<type>_<stream>`. */
  name?: string;
}

/** A fault proxy of the run's own: the run's clients connect to `listen`, it forwards to `upstream`. */
export interface FaultLink {
  readonly name: string;
  /** 127.0.0.1:<port>, what clients (and advertised addresses) use. */
  readonly listen: string;
  readonly port: number;
  readonly upstream: string;
}

/** What node actions need of a process the run started (every private instance has these). */
export interface FaultNodeHandle {
  readonly pid: number;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/**
 * The run's fault toolbox: links (TCP fault proxies, Toxiproxy's toxics) and nodes (processes
 * the playground started). Every fault applied, scripted or from the panel, is an event and a
 * marker on the charts.
 */
export interface Faults {
  /** A fault proxy in front of `upstream` (host:port); created once per name. */
  link(name: string, upstream: string): Promise<FaultLink>;
  /** Makes a process the run started reachable to node actions, under `name`. */
  node(name: string, handle: FaultNodeHandle): void;
  /** Adds a toxic to a link; resolves with its name. */
  addToxic(link: string, toxic: ToxicSpec): Promise<string>;
  removeToxic(link: string, name: string): Promise<void>;
  /** Every toxic of every link removed, every link up. */
  clear(): Promise<void>;
  /** The link stops listening and closes every connection through it. */
  down(link: string): Promise<void>;
  up(link: string): Promise<void>;
  act(node: string, action: NodeAction): Promise<void>;
  /**
   * Runs `fault` `seconds` into the run, unless the load has stopped by then; a fault that
   * throws is a warning event, not a failed run.
   */
  at(seconds: number, fault: () => Promise<unknown>): void;
  view(): FaultsView;
}

export interface EventOptions {
  level?: 'info' | 'warn';
  /** Also a marker on the charts, labelled with the message. */
  mark?: boolean;
}

export interface RunContext<P> {
  runId: string;
  /** The current params: reading a live field gives its latest value. */
  readonly params: Readonly<P>;
  /** Aborted when the run must stop producing load (duration over, stop asked, failure). */
  signal: AbortSignal;
  /** Planned length of the load phase. */
  durationMs: number;
  /** Milliseconds since the run started. */
  elapsedMs(): number;
  brokers: BrokerClients;
  names: Names;
  resources: ResourceTracker;
  metrics: Metrics;
  /**
   * Narration a learner reads live ("consumer-2 joined; rebalance"); `{ mark: true }` also
   * draws it as a marker on the charts.
   */
  event(message: string, level?: 'info' | 'warn' | EventOptions): void;
  /**
   * Starts a named phase ('warm-up', 'load', 'drain' or the scenario's own) now; the charts shade
   * it. The run starts in 'load' and enters 'drain' by itself when the load stops.
   */
  phase(name: string): void;
  /** A moment worth a line on every chart (an expiry wave, a member joining). */
  mark(label: string, kind?: MarkerKind): void;
  /** Record what the broker itself reports, for the checks. */
  fact(key: string, value: number | string | boolean): void;
  /** A pacer that holds `rate()` operations per second and follows its changes at once. */
  pacer(rate: () => number): Pacer;
  /** Resolves after `ms`, or at once when the run stops (never rejects). */
  sleep(ms: number): Promise<void>;
  /** Calls `listener` with the changed field names when live params change. */
  onParamsChange(listener: (changed: string[]) => void): void;
  /** Seeded from the `seed` param when the scenario has one, so reruns repeat the workload. */
  random: Random;
  /** Starts a Redis of the run's own with these settings (`requires: ['redis-server']`). */
  privateRedis(settings: PrivateRedisSettings): Promise<PrivateRedis>;
  /** Starts a RabbitMQ node of the run's own (`requires: ['rabbitmq-server']`). */
  privateRabbitmq(settings?: PrivateRabbitmqSettings): Promise<PrivateRabbitmq>;
  /** Starts a Kafka node of the run's own, SASL and ACLs on (`requires: ['java']`). */
  privateKafka(settings?: PrivateKafkaSettings): Promise<PrivateKafka>;
  /** A primary, replicas and Sentinels of the run's own (`requires: ['redis-server']`). */
  privateRedisSentinel(settings?: RedisSentinelSettings): Promise<RedisSentinelCluster>;
  /** A Redis Cluster of the run's own (`requires: ['redis-server', 'redis-cli']`). */
  privateRedisCluster(settings?: RedisClusterSettings): Promise<RedisClusterHandle>;
  /** A three-node KRaft Kafka cluster of the run's own (`requires: ['java']`). */
  privateKafkaCluster(settings?: KafkaClusterSettings): Promise<KafkaCluster>;
  /** A three-node RabbitMQ cluster of the run's own (`requires: ['rabbitmq-server']`). */
  privateRabbitmqCluster(settings?: RabbitmqClusterSettings): Promise<RabbitmqCluster>;
  /**
   * A caching reverse proxy of the run's own: nginx with a generated config on a free loopback
   * port, its cache and logs in the run's directory, fault node `nginx-<n>`
   * (`requires: ['nginx']`).
   */
  privateNginx(settings: PrivateNginxSettings): Promise<PrivateNginx>;
  /**
   * Offers an HTTP server of the run's own (`http://127.0.0.1:<port>`) to the page under `name`
   * (kebab-case): the playground server forwards `GET /api/runs/<runId>/endpoints/<name>/<path>`
   * to it, caching headers untouched, until the scenario returns.
   */
  exposeHttp(name: string, baseUrl: string): void;
  /** Links, toxics and node actions; see docs/faults.md. */
  faults: Faults;
  /** The shop's services as processes of the run's own; see infrastructure/shop/README.md. */
  shop: Shop;
}

export interface ScenarioDefinition<S extends TObject = TObject> {
  id: string;
  title: string;
  /** Bumped when its workload or metrics change meaning; exports carry it (default "1"). */
  version?: string;
  summary: string;
  brokers: BrokerName[];
  /** Programs it needs beyond the brokers; without them it shows as unavailable. */
  requires?: Requirement[];
  tags: string[];
  level: Level;
  /** What a learner will see, in one line, for the catalogue card ("the lag climb, then drain"). */
  watch?: string;
  /** About how long the scenario takes with its lesson, in minutes, for the catalogue card. */
  minutes?: number;
  /**
   * The run length its lesson and checks are written for (a cluster's start counts in it); the
   * CLI and the API default to it when no duration is given (else 10 s and 60 s). The page
   * keeps its 60 s, which covers every scenario's.
   */
  durationSec?: number;
  /** Every field has a default, bounds and a description; `'x-live': true` marks live fields. */
  params: S;
  charts: ChartSpec[];
  metrics: MetricSpec[];
  /** Markdown: the idea, what to watch, things to try, the real-world takeaway. */
  lesson: string;
  /** What the run builds, for the UI's picture; keys name metrics drawn on it. */
  topology(params: Static<S>): Topology;
  run(ctx: RunContext<Static<S>>): Promise<void>;
  checks: CheckSpec<Static<S>>[];
}

/** Keeps the scenario's param type when it is placed in the untyped registry. */
export function defineScenario<S extends TObject>(
  definition: ScenarioDefinition<S>,
): ScenarioDefinition<S> {
  return definition;
}

export type AnyScenario = ScenarioDefinition<TObject>;
