// One publisher for both: each event is a PUBLISH on the channel and an XADD to the stream, in
// one pipeline. PUBLISH replies with how many subscribers Redis handed the message to; the
// publisher keeps that count, and which events went to no one, as Redis's side of the
// pub/sub checks.
import type { Redis } from 'ioredis';
import { SeenSet } from '../src/sdk/seen-set.ts';
import type { Counter } from '../src/sdk/recorders.ts';
import { encodeMessage, nowMs } from './event.ts';

/** The stream is capped (XADD MAXLEN ~) so a long run cannot fill Redis; far above any backlog. */
export const STREAM_MAX_LEN = 50_000;

export class DualPublisher {
  /** Events sent so far; the next event's sequence number. */
  published = 0;
  /** The sum of PUBLISH replies: deliveries Redis made to subscribers. */
  deliveries = 0;
  /** Events Redis delivered to no subscriber (PUBLISH replied 0). */
  readonly unheard = new SeenSet();

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    private readonly stream: string,
    private readonly counters: { published: Counter; lost: Counter },
  ) {}

  async publish(): Promise<void> {
    const event = { seq: this.published, sentAt: nowMs() };
    const replies = await this.redis
      .pipeline()
      .publish(this.channel, encodeMessage(event))
      .xadd(
        this.stream,
        'MAXLEN',
        '~',
        STREAM_MAX_LEN,
        '*',
        'seq',
        event.seq,
        'sentAt',
        event.sentAt,
      )
      .exec();
    if (replies === null) throw new Error('Redis returned no replies to a publish');
    for (const [error] of replies) if (error) throw error;
    const receivers = Number(replies[0]?.[1]);
    this.deliveries += receivers;
    if (receivers === 0) {
      this.unheard.add(event.seq);
      this.counters.lost.inc();
    }
    this.published++;
    this.counters.published.inc();
  }
}
