// ctx.shop: starts the shop's services as processes of the run's own (the node-service kind,
// through the run's private instances, so they end with it however it ends), each a fault node,
// with the run's names in their env and its trace receiver as their OTLP endpoint.
import { fileURLToPath } from 'node:url';
import { nodeServiceKind } from '../../../../infrastructure/launcher/private/index.ts';
import type {
  PrivateProcess,
  PrivateProcessKind,
} from '../../../../infrastructure/launcher/private/index.ts';
import type {
  Faults,
  ResourceTracker,
  RunTraces,
  Shop,
  ShopInstance,
  ShopNames,
  ShopServiceName,
  ShopStartOptions,
} from '../../sdk/index.ts';
import { createTopic } from '../../sdk/kafka/topic.ts';
import type { BrokerAddresses } from '../addresses.ts';
import { kafkaAdminClient } from '../cleanup.ts';
import { TraceReceiver } from '../traces/index.ts';
import { RunShopInstance } from './shop-instance.ts';

const SHOP_DIR = fileURLToPath(new URL('../../../../infrastructure/shop/', import.meta.url));
const PRELOAD = `${SHOP_DIR}lib/register.ts`;
const ACTIVITY_PARTITIONS = 3;
/** Several services loading at once on a small machine take seconds each; a broken one fails sooner. */
const READY_TIMEOUT_MS = 30_000;
/** Who touches the activity topic: it must exist before they start. */
const USES_TOPIC: readonly ShopServiceName[] = ['product-service', 'analytics-service'];

export interface RunShopDeps {
  names: ShopNames;
  serviceSecret: string;
  addresses: BrokerAddresses;
  resources: ResourceTracker;
  faults: Faults;
  /** Starts a process in the run's private instances (killed with them). */
  startProcess(
    kind: PrivateProcessKind,
    options: { name: string; readyTimeoutMs?: number },
  ): Promise<PrivateProcess>;
  /** Epoch ms of the run's start: span times are made relative to it. */
  originEpochMs: number;
}

export class RunShop implements Shop {
  private readonly started: RunShopInstance[] = [];
  private readonly counts = new Map<ShopServiceName, number>();
  private receiver: TraceReceiver | undefined;
  private preparing: Promise<TraceReceiver> | undefined;
  private topicReady: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly deps: RunShopDeps) {}

  get names(): ShopNames {
    return this.deps.names;
  }

  get serviceSecret(): string {
    return this.deps.serviceSecret;
  }

  traces(): RunTraces | undefined {
    return this.receiver?.store;
  }

  instances(service?: ShopServiceName): ShopInstance[] {
    return this.started.filter((i) => service === undefined || i.service === service);
  }

  async start(service: ShopServiceName, options: ShopStartOptions = {}): Promise<ShopInstance[]> {
    if (this.closed) throw new Error(`the run has ended: no new ${service}`);
    const count = options.instances ?? 1;
    // Numbered now, before any await, so parallel starts never pick the same name.
    const first = (this.counts.get(service) ?? 0) + 1;
    this.counts.set(service, first + count - 1);
    const receiver = await this.prepare();
    if (USES_TOPIC.includes(service)) await this.activityTopic();
    // Settled, not raced: a sibling still starting when one fails must be in `started` (and so
    // stopped with the run) before the failure reaches the scenario.
    const settled = await Promise.allSettled(
      Array.from({ length: count }, (_, k) =>
        this.startOne(service, first + k, receiver, options.env),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /**
   * Stops every instance gracefully (they deregister, leave their groups and flush their spans)
   * before the run deletes its queues and groups; then the receiver. Its traces stay readable.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.started.filter((i) => i.running).map((i) => i.stop()));
    await this.preparing?.catch(() => undefined);
    await this.receiver?.close().catch(() => undefined);
  }

  private async startOne(
    service: ShopServiceName,
    n: number,
    receiver: TraceReceiver,
    extra: Record<string, string> = {},
  ): Promise<RunShopInstance> {
    const name = `${service}-${n}`;
    const kind = nodeServiceKind({
      service,
      entry: `${SHOP_DIR}${service}/main.ts`,
      preload: [PRELOAD],
      portEnv: 'SHOP_PORT',
      env: { ...this.env(service, name, receiver), ...extra },
    });
    const proc = await this.deps.startProcess(kind, { name, readyTimeoutMs: READY_TIMEOUT_MS });
    const instance = new RunShopInstance(service, name, proc);
    this.started.push(instance);
    this.deps.faults.node(name, instance);
    return instance;
  }

  private env(
    service: ShopServiceName,
    instance: string,
    receiver: TraceReceiver,
  ): Record<string, string> {
    const { names, addresses } = this.deps;
    return {
      SHOP_SERVICE: service,
      SHOP_INSTANCE: instance,
      SHOP_REDIS_URL: addresses.redisUrl,
      SHOP_AMQP_URL: addresses.amqpUrl,
      SHOP_KAFKA_BROKERS: addresses.kafkaBrokers.join(','),
      SHOP_KEY_PREFIX: names.keyPrefix,
      SHOP_NOTIFICATIONS_QUEUE: names.notificationsQueue,
      SHOP_NOTIFICATIONS_DLX: names.notificationsDlx,
      SHOP_NOTIFICATIONS_DLQ: names.notificationsDlq,
      SHOP_USER_RPC_QUEUE: names.userRpcQueue,
      SHOP_ACTIVITY_TOPIC: names.activityTopic,
      SHOP_ANALYTICS_GROUP: names.analyticsGroup,
      SHOP_SERVICE_SECRET: this.deps.serviceSecret,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
    };
  }

  /** Once: every queue, exchange, topic and group a service may create, registered first. */
  private prepare(): Promise<TraceReceiver> {
    this.preparing ??= (async () => {
      const { names, resources } = this.deps;
      resources.queue(names.notificationsQueue);
      resources.queue(names.notificationsDlq);
      resources.queue(names.userRpcQueue);
      resources.exchange(names.notificationsDlx);
      resources.topic(names.activityTopic);
      resources.group(names.analyticsGroup);
      this.receiver = await TraceReceiver.start({ originEpochMs: this.deps.originEpochMs });
      return this.receiver;
    })();
    return this.preparing;
  }

  private activityTopic(): Promise<void> {
    this.topicReady ??= (async () => {
      const admin = kafkaAdminClient(this.deps.addresses).admin();
      await admin.connect();
      try {
        const existing = await admin.listTopics();
        if (!existing.includes(this.deps.names.activityTopic)) {
          await createTopic(admin, this.deps.names.activityTopic, ACTIVITY_PARTITIONS);
        }
      } finally {
        await admin.disconnect();
      }
    })();
    return this.topicReady;
  }
}
