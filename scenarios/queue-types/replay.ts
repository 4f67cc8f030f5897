import type { ConsumeMessage } from 'amqplib';
import { streamOffsetOf } from '../src/sdk/amqp/index.ts';
import type { DecodedMessage } from '../src/sdk/amqp/index.ts';

/**
 * What the replay consumer received, in RabbitMQ's own numbering: the offset the stream gave
 * each delivery. One publisher wrote the stream in order, so message `seq` sits at offset `seq`.
 */
export class ReplayLog {
  firstOffset: number | undefined;
  lastOffset = -1;
  count = 0;
  /** Deliveries whose offset does not follow the previous one's. */
  outOfOrder = 0;
  /** Deliveries whose body holds another sequence number than their offset. */
  wrongSeq = 0;

  observe(msg: ConsumeMessage, decoded: DecodedMessage | undefined): void {
    const offset = streamOffsetOf(msg) ?? -1;
    if (this.firstOffset === undefined) this.firstOffset = offset;
    else if (offset !== this.lastOffset + 1) this.outOfOrder++;
    if (decoded?.seq !== offset) this.wrongSeq++;
    this.lastOffset = offset;
    this.count++;
  }
}
