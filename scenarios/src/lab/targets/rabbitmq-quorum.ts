// RabbitMQ quorum queues: a fanout exchange per topic and a Raft-replicated queue per
// subscription, always durable; on this single node the Raft group has one member.
import type { TargetPlan } from '../target.ts';
import type { Workload } from '../workload.ts';
import { commonPlan, prefetchFor, rabbitTarget } from './rabbitmq-common.ts';

export function quorumPlan(workload: Workload): TargetPlan {
  const { mapping, cannot } = commonPlan('quorum', workload);
  const { acks, persistent, fsync } = workload.durability;
  const subs = workload.subscriptionsPerTopic;
  mapping.unshift(
    `${workload.topics} topic(s) → a fanout exchange each; each of the ${subs} subscription(s) → a quorum queue bound to it${
      subs > 1 ? ` (fan-out: ${subs} queues, each with its own Raft log holding every message)` : ''
    }`,
  );
  if (workload.consumerPerSubscription > 1) {
    mapping.push(
      `${workload.consumerPerSubscription} consumers per subscription → competing consumers on its queue, up to the prefetch of ${prefetchFor(workload)} each`,
    );
  }
  mapping.push(
    'every message → the queue’s Raft log on disk, whatever its delivery mode (quorum queues are always durable)',
  );
  if (acks !== 'none') {
    mapping.push(
      'confirms → sent once a majority of the queue’s members has the message in its fsynced write-ahead log (fsyncs batched across messages); here the majority is this one node',
    );
  }
  if (!persistent) {
    cannot.push(
      'persistent: false: a quorum queue is always durable and writes every message to disk',
    );
  }
  if (!fsync && acks !== 'none') {
    cannot.push('fsync off: a quorum queue always fsyncs its log before confirming');
  }
  if (acks === 'all') {
    cannot.push(
      'acks all vs leader: one node is the whole majority here, so both wait for the same single fsync',
    );
  }
  if (workload.partitionsPerTopic > 1) {
    cannot.push(
      `partitions (${workload.partitionsPerTopic}): not a RabbitMQ notion for a quorum queue; each subscription is one queue, ordered as a whole`,
    );
  }
  return { mapping, cannot };
}

export const rabbitmqQuorum = rabbitTarget(
  'rabbitmq-quorum',
  'quorum',
  'RabbitMQ quorum queues',
  quorumPlan,
);
