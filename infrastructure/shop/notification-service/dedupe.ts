// The consumer's half of at-least-once delivery: the outbox relay may publish an order's event
// twice (a crash between its publish and its delete), so a notification already sent for an
// order is not sent again. The record of what was sent is the `<prefix>notified` set the
// consumer adds to before it acks.
import type { Service } from '../lib/service.ts';
import { notifiedKey } from './consumer.ts';

/** Resolves true (and counts it) when `orderId` was notified before. */
export function duplicateFilter(service: Service): (orderId: string) => Promise<boolean> {
  const duplicates = service.metrics.counter(
    'shop_notifications_duplicates_total',
    'Events for an order already notified: acked without sending again',
  );
  const key = notifiedKey(service.config.keyPrefix);
  return async (orderId) => {
    const seen = (await service.redis.sismember(key, orderId)) === 1;
    if (seen) duplicates.inc();
    return seen;
  };
}
