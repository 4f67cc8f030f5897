// A target with no broker: messages go through an in-process queue after a set delay. The
// driver's and runner's tests use it to pin down the accounting without a broker's noise; it is
// not offered to users.
import type { LabConsumer, LabMessage, LabProducer } from './target.ts';

export class MemoryBroker {
  private readonly listeners: ((payload: Buffer) => Promise<void> | void)[] = [];
  /** Every message delivered this many more times (a broker that duplicates). */
  duplicateEvery = 0;
  /** Acks are held this long (ms) before the send resolves. */
  ackDelayMs = 1;
  /** The next sends stall this long before being acked (a producer blocked by the broker). */
  stallMs = 0;
  private delivered = 0;

  producer(): LabProducer {
    return {
      send: async (batch: LabMessage[]) => {
        const stall = this.stallMs;
        this.stallMs = 0;
        await new Promise((r) => setTimeout(r, this.ackDelayMs + stall));
        for (const m of batch) {
          for (const l of this.listeners) void l(m.payload);
          this.delivered++;
          if (this.duplicateEvery > 0 && this.delivered % this.duplicateEvery === 0) {
            for (const l of this.listeners) void l(m.payload);
          }
        }
      },
      close: async () => undefined,
    };
  }

  consumer(): LabConsumer {
    return {
      start: async (onMessage) => {
        this.listeners.push(onMessage);
      },
      close: async () => {
        this.listeners.splice(0);
      },
    };
  }
}
