import type { Message, Producer } from 'kafkajs';
import type { Pacer } from '../src/sdk/pacer.ts';
import type { Counter } from '../src/sdk/recorders.ts';

// What accumulates while one send is in flight goes out as the next send: one request per message
// at low rates, batches at high ones, and never more than one request outstanding, so `produced`
// counts exactly what Kafka acknowledged, in order.
const MAX_BATCH = 1000;
const MAX_PENDING = 5000;

export class PacedProducer {
  private pending: Message[] = [];
  private flushing: Promise<void> | undefined;
  private nextSeq = 0;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly produced: Counter,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues messages at the pacer's rate until it says stop, `stop` aborts or `failed` resolves. */
  async run(pacer: Pacer, stop: AbortSignal, failed: Promise<false>): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      stop.addEventListener('abort', () => resolve(), { once: true });
    });
    while (await Promise.race([pacer.wait(), failed])) {
      const seq = this.nextSeq++;
      // Round-robin over partitions, so each gets exactly its share of the rate.
      this.pending.push({
        partition: seq % this.partitions,
        value: `${seq}:${Date.now()}`,
      });
      this.flushing ??= this.flush();
      // Kafka is slower than the pacer (or away): wait for it rather than queue without bound.
      if (this.pending.length >= MAX_PENDING) await Promise.race([this.flushing, failed, stopped]);
    }
  }

  /** Resolves once what was queued has been sent, or after `timeoutMs`. */
  async finish(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flushing,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await this.producer.send({ topic: this.topic, messages: batch });
        this.produced.inc(batch.length);
      }
    } catch (error) {
      this.pending = [];
      this.onError(error);
    } finally {
      this.flushing = undefined;
    }
  }
}
