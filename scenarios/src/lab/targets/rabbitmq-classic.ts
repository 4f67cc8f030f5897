// RabbitMQ classic queues: a fanout exchange per topic and a queue per subscription, the
// broker's oldest queue type, in memory unless a message is persistent.
import type { TargetPlan } from '../target.ts';
import type { Workload } from '../workload.ts';
import { commonPlan, prefetchFor, rabbitTarget } from './rabbitmq-common.ts';

export function classicPlan(workload: Workload): TargetPlan {
  const { mapping, cannot } = commonPlan('classic', workload);
  const { acks, persistent, fsync } = workload.durability;
  const subs = workload.subscriptionsPerTopic;
  mapping.unshift(
    `${workload.topics} topic(s) → a fanout exchange each; each of the ${subs} subscription(s) → a classic queue bound to it${
      subs > 1 ? ` (fan-out: ${subs} queues, each holding its own copy of every message)` : ''
    }`,
  );
  if (workload.consumerPerSubscription > 1) {
    mapping.push(
      `${workload.consumerPerSubscription} consumers per subscription → competing consumers on its queue; the broker hands each message to one of them, up to the prefetch of ${prefetchFor(workload)}`,
    );
  }
  mapping.push(
    persistent
      ? 'persistent → durable queues and delivery mode 2: every message is written to the message store'
      : 'not persistent → delivery mode 1 on durable queues: messages stay in memory (paged to disk only under memory pressure)',
  );
  if (persistent && acks !== 'none') {
    mapping.push(
      'confirms of persistent messages → sent once the message store has fsynced them (it batches the fsyncs, every few hundred ms or when idle, so one covers many messages), or once every queue has had it consumed and acked, in which case it may never be written',
    );
  }
  if (workload.partitionsPerTopic > 1) {
    cannot.push(
      `partitions (${workload.partitionsPerTopic}): not a RabbitMQ notion for a classic queue; each subscription is one queue, ordered as a whole`,
    );
  }
  if (fsync && !persistent) {
    cannot.push('fsync without persistence: transient messages are never flushed to disk');
  }
  if (!fsync && persistent && acks !== 'none') {
    cannot.push(
      'fsync off: a confirm of a persistent message always waits for its (batched) fsync; RabbitMQ has no ack-before-flush setting',
    );
  }
  return { mapping, cannot };
}

export const rabbitmqClassic = rabbitTarget(
  'rabbitmq-classic',
  'classic',
  'RabbitMQ classic queues',
  classicPlan,
);
