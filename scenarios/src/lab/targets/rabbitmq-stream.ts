// RabbitMQ streams over AMQP 0.9.1: one append-only log per topic that every subscription reads
// for itself, the broker's answer to fan-out and replay (no stream plugin needed for this).
import type { TargetPlan } from '../target.ts';
import type { Workload } from '../workload.ts';
import {
  LAB_STREAM_MAX_AGE,
  LAB_STREAM_MAX_LENGTH_BYTES,
  commonPlan,
  rabbitTarget,
} from './rabbitmq-common.ts';

export function streamPlan(workload: Workload): TargetPlan {
  const { mapping, cannot } = commonPlan('stream', workload);
  const { acks, persistent, fsync } = workload.durability;
  const subs = workload.subscriptionsPerTopic;
  const gb = LAB_STREAM_MAX_LENGTH_BYTES / 1e9;
  mapping.unshift(
    `${workload.topics} topic(s) → a stream each (x-queue-type stream, retention ${LAB_STREAM_MAX_AGE} or ${gb} GB), published to through the default exchange`,
  );
  mapping.push(
    subs > 1
      ? `${subs} subscriptions → ${subs} readers of the one stream, each from its first offset; reading removes nothing, so fan-out costs reads, not ${subs} stored copies`
      : 'the subscription → a reader of the stream from its first offset (x-stream-offset first); reading removes nothing',
  );
  mapping.push(
    'stream readers over AMQP 0.9.1 → prefetch (basic.qos) and manual acks, which here only grant credit for more deliveries',
  );
  if (acks !== 'none') {
    mapping.push(
      'confirms → sent once the stream’s replicas have the message written (one replica here); a stream does not fsync',
    );
  }
  if (workload.consumerPerSubscription > 1) {
    cannot.push(
      `${workload.consumerPerSubscription} consumers per subscription: readers of a stream cannot compete over AMQP 0.9.1 (each would read every message; single active consumer and super streams need the stream protocol), so one reader per subscription reads and the other ${workload.consumerPerSubscription - 1} stay idle${
        workload.consumerProcessingMs > 0 ? ' — that one reader does all the processing' : ''
      }`,
    );
  }
  if (workload.partitionsPerTopic > 1) {
    cannot.push(
      `partitions (${workload.partitionsPerTopic}): a partitioned (super) stream needs the stream protocol; one stream per topic here`,
    );
  }
  if (!persistent) {
    cannot.push('persistent: false: a stream always writes every message to disk');
  }
  if (fsync) {
    cannot.push(
      'fsync: a stream never fsyncs; it counts on replication, and with one node a confirm means written to the OS page cache',
    );
  }
  if (acks === 'all') {
    cannot.push(
      'acks all vs leader: one node holds the only replica, so both wait for the same write',
    );
  }
  return { mapping, cannot };
}

export const rabbitmqStream = rabbitTarget(
  'rabbitmq-stream',
  'stream',
  'RabbitMQ streams (AMQP 0.9.1)',
  streamPlan,
);
