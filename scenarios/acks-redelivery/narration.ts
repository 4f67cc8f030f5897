// The sentences a learner reads in the event log, with the arithmetic behind the charts.
import { fmt, plural } from '../src/sdk/index.ts';
import type { AcksParams } from './params.ts';

export function modeStory(p: AcksParams): string {
  return p.ackMode === 'manual'
    ? `manual ack: each of ${plural(p.consumers, 'consumer')} holds at most ${p.prefetch} unacked messages, and RabbitMQ forgets one only when its consumer acks it`
    : `auto ack: RabbitMQ forgets each message the moment it sends it, and pushes as many as the consumers' sockets take (prefetch does not apply)`;
}

export function loadStory(p: AcksParams): string {
  if (p.messagesPerSec === 0) return 'publisher paused (0 msg/s)';
  if (p.processingMs === 0) {
    return `${p.messagesPerSec} msg/s against consumers that process at once: almost nothing is in flight, so a crash catches almost nothing`;
  }
  const capacity = (p.consumers * 1000) / p.processingMs;
  const head = `${p.messagesPerSec} msg/s against ${p.consumers} × 1000 / ${p.processingMs} ms = ${fmt(capacity)} msg/s of processing`;
  if (capacity >= p.messagesPerSec) return `${head}: the consumers keep up`;
  const where =
    p.ackMode === 'manual'
      ? 'the queue in RabbitMQ'
      : "the consumers' own buffers (RabbitMQ's queue stays empty)";
  return `${head}: ${fmt(p.messagesPerSec - capacity)} msg/s pile up in ${where}`;
}

export function crashStory(consumer: number, held: number, manual: boolean): string {
  return manual
    ? `consumer ${consumer} crashed holding ${plural(held, 'unacked message')}: RabbitMQ requeues them and hands them out again, flagged redelivered`
    : `consumer ${consumer} crashed holding ${plural(held, 'unprocessed message')}: under auto ack RabbitMQ forgot them when it sent them, so they are lost`;
}
