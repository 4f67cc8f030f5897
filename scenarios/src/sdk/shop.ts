// `ctx.shop`: the small online shop (infrastructure/shop/) a run starts as real Node processes,
// one per instance, each with its own port, /health, /metrics and /_control. The routes, env,
// metric names and Redis keys every service uses are in infrastructure/shop/README.md.
import type { RunTraces } from './traces.ts';

export type ShopServiceName =
  | 'gateway'
  | 'auth-service'
  | 'user-service'
  | 'product-service'
  | 'notification-service'
  | 'analytics-service';

export const SHOP_SERVICES: readonly ShopServiceName[] = [
  'gateway',
  'auth-service',
  'user-service',
  'product-service',
  'notification-service',
  'analytics-service',
];

/**
 * The live chaos a service applies to its business routes (not /health, /metrics, /_control).
 * A service may accept more fields of its own (the gateway's rate limit); README lists them.
 */
export interface ShopControl {
  /** Added before each business request is handled. */
  delayMs?: number;
  /** 0–1: the share of business requests answered with `failStatus` instead. */
  failRate?: number;
  /** Default 503. */
  failStatus?: number;
  [field: string]: number | string | boolean | undefined;
}

/** One Prometheus sample, as the text exposition format gives it. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape of an instance's /metrics. */
export interface ShopMetrics {
  samples: PromSample[];
  /**
   * The sum of every sample named `name` whose labels include `labels` (0 when none): a
   * counter's total across routes, or one route's with `{ route: '/products/:id' }`.
   */
  value(name: string, labels?: Record<string, string>): number;
}

export interface ShopStartOptions {
  /** How many instances to start now (default 1), numbered on from the ones already started. */
  instances?: number;
  /** Extra environment for these instances (service settings named in the README). */
  env?: Record<string, string>;
}

/** One running service process. Node actions (`ctx.faults.act(name, …)`) reach it by `name`. */
export interface ShopInstance {
  readonly service: ShopServiceName;
  /** `product-service-2`: its `service.instance.id`, registry key and fault node name. */
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The current pid (a restart changes it). */
  readonly pid: number;
  readonly running: boolean;
  /** SIGKILL: no deregistration, no span flush; its registry key lives on until its TTL. */
  kill(): Promise<void>;
  /** SIGTERM: it deregisters, flushes its spans and exits (SIGKILL after a grace). */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port; resolves once /health answers 200. */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT. */
  pause(): void;
  resume(): void;
  /** Scrapes its /metrics. */
  metrics(): Promise<ShopMetrics>;
  /** POST /_control: merges `body` into its live chaos and resolves with the result. */
  control(body: ShopControl): Promise<ShopControl>;
}

/** Names the shop's processes use, all under the run's namespace (set in their env). */
export interface ShopNames {
  /** `pg:<runId>:shop:`: every Redis key a service writes starts with it. */
  readonly keyPrefix: string;
  /** RabbitMQ work queue notification-service consumes (`order-placed`). */
  readonly notificationsQueue: string;
  /** Dead-letter exchange of the notifications queue (fanout). */
  readonly notificationsDlx: string;
  /** Where rejected notifications end up. */
  readonly notificationsDlq: string;
  /** RabbitMQ RPC request queue user-service serves (`user.lookup`). */
  readonly userRpcQueue: string;
  /** Kafka topic of activity events (`product-viewed`, `order-placed`). */
  readonly activityTopic: string;
  /** Kafka consumer group of analytics-service. */
  readonly analyticsGroup: string;
}

export interface Shop {
  readonly names: ShopNames;
  /**
   * Starts `instances` of `service` in parallel and resolves once each answers /health with 200
   * (registers the run's shop queues, topic and group first, and starts the run's trace
   * receiver with the first service). Every instance is stopped however the run ends.
   */
  start(service: ShopServiceName, options?: ShopStartOptions): Promise<ShopInstance[]>;
  /** Every instance started so far (of one service when named), in start order. */
  instances(service?: ShopServiceName): ShopInstance[];
  /** The run's traces, once the first service has started. */
  traces(): RunTraces | undefined;
  /** A shared secret the services accept from a caller asking auth-service for a service token. */
  readonly serviceSecret: string;
}
