import type { Channel } from 'amqplib';
import { withDeadline } from '../deadline.ts';
import { poll } from '../poll.ts';
import type { Gauge } from '../recorders.ts';

export const DEPTH_POLL_MS = 250;
// The poll in flight (one passive declare per queue) finishes before `stop` resolves, unless
// the broker no longer answers.
const STOP_DEADLINE_MS = 1000;

/**
 * The depths RabbitMQ reports now (queue.declare passive → messageCount): ready messages only,
 * not those delivered and awaiting an ack. A missing queue fails the read and closes `channel`.
 */
export async function readQueueDepths(
  channel: Channel,
  queues: readonly string[],
): Promise<number[]> {
  const depths: number[] = [];
  for (const queue of queues) depths.push((await channel.checkQueue(queue)).messageCount);
  return depths;
}

export interface QueueDepthPollerOptions {
  everyMs?: number;
  /** One per queue, set on each reading. */
  gauges?: readonly Gauge[];
  onReading?: (depths: readonly number[]) => void;
  /** A failed reading ends the poll and is reported here. */
  onError: (error: unknown) => void;
}

/**
 * Asks RabbitMQ for each queue's depth on a channel of its own, so the numbers on screen are the
 * broker's, not a count kept by the consumers. Runs until `stop`, past the end of the load
 * phase, so the drain shows on the chart.
 */
export class QueueDepthPoller {
  /** The latest reading, one per queue. */
  readonly depths: number[];
  private readonly stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly channel: Channel,
    private readonly queues: readonly string[],
    private readonly options: QueueDepthPollerOptions,
  ) {
    this.depths = queues.map(() => 0);
  }

  start(): void {
    this.running = poll(
      () => this.read(),
      this.options.everyMs ?? DEPTH_POLL_MS,
      this.stopping.signal,
    ).catch((error: unknown) => this.options.onError(error));
  }

  /** Stops polling; once it resolves, the channel is free for other calls. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await withDeadline(this.running, STOP_DEADLINE_MS, 'the depth poller').catch(() => undefined);
  }

  private async read(): Promise<void> {
    const depths = await readQueueDepths(this.channel, this.queues);
    // A reading that finishes after the stop belongs to no chart.
    if (this.stopping.signal.aborted) return;
    for (const [i, depth] of depths.entries()) {
      this.depths[i] = depth;
      this.options.gauges?.[i]?.set(depth);
    }
    this.options.onReading?.(this.depths);
  }
}
