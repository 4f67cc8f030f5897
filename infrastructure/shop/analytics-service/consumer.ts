// The activity topic's consumer: counts events by type, and the distinct orders seen.
import type { Kafka } from '../lib/kafka.ts';
import type { Service } from '../lib/service.ts';

export interface AnalyticsStats {
  counts: Record<string, number>;
  total: number;
  /** Distinct order ids seen in `order-placed` events. */
  orderIds: number;
}

/** Resolves once the consumer has joined its group (the caller marks the service ready then). */
export async function startAnalytics(
  service: Service,
  kafka: Kafka,
  options: { topic: string; group: string },
): Promise<() => AnalyticsStats> {
  const events = service.metrics.counter(
    'shop_analytics_events_total',
    'Activity events consumed',
    ['type'],
  );
  const counts: Record<string, number> = {};
  const orders = new Set<string>();
  let total = 0;
  const consumer = kafka.consumer({
    groupId: options.group,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    // A stop waits for the fetch in flight: a short long-poll lets it leave the group (so the
    // run can delete it) well within the stop's grace.
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  // Ready means consuming: the service answers /health 200 only after its group is joined, so a
  // run's load never starts while the activity it sends still waits for a consumer.
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  await consumer.connect();
  service.onStop(() => consumer.disconnect());
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      let event: { type?: unknown; orderId?: unknown };
      try {
        event = JSON.parse(message.value?.toString() ?? '') as typeof event;
      } catch {
        event = { type: 'unreadable' };
      }
      const type = typeof event.type === 'string' ? event.type : 'unknown';
      counts[type] = (counts[type] ?? 0) + 1;
      total++;
      if (type === 'order-placed' && typeof event.orderId === 'string') orders.add(event.orderId);
      events.inc({ type });
    },
  });
  await joined;
  return () => ({ counts: { ...counts }, total, orderIds: orders.size });
}
