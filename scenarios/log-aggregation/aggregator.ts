import type { Consumer, Kafka } from 'kafkajs';
import { bump } from '../src/sdk/kafka/index.ts';
import type { Tally } from '../src/sdk/kafka/index.ts';
import { cellKey, cellsOf, decodeRecord, windowOf } from './records.ts';
import type { LogRecord } from './records.ts';

const MAX_WAIT_TIME_MS = 100;

export interface WindowResult {
  windowStart: number;
  service: string;
  /** The window's counts for this service: info, warn, error, metrics, latencySum. */
  counts: Record<string, number>;
  /** A late event changed a window already emitted: this result replaces the earlier one. */
  correction: boolean;
}

export interface AggregatorOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  partitions: number;
  windowMs: number;
  graceMs: () => number;
  policy: 'update' | 'drop';
  /** A window closed (or was corrected): its result per service. */
  onResult: (result: WindowResult) => void;
  /** An event arrived for a window already closed. */
  onLate: (record: LogRecord, windowStart: number, dropped: boolean) => void;
  onError: (error: unknown) => void;
}

type Windows = Map<number, Map<string, Tally>>;

const countsOf = (tally: Tally): Record<string, number> => Object.fromEntries(tally);

/**
 * Tumbling-window counts per service and level, by event time: a stream processor in a consumer.
 * The watermark is the newest event time seen minus the grace period; a window closes (its
 * results go out) once the watermark passes its end. An event for a closed window is late: it
 * updates the window and its result goes out again, or it is dropped and counted as such.
 */
export class Aggregator {
  /** By partition, the offset after the last record read. */
  readonly next: number[];
  /** Records read. */
  consumed = 0;
  /** Cells of events dropped as late (policy drop), keyed as the services' tallies. */
  readonly dropped: Tally = new Map();
  private readonly open: Windows = new Map();
  private readonly closed: Windows = new Map();
  /** Every window ending at or before this event time is closed. */
  private closedUpTo = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private consumer: Consumer | undefined;

  constructor(private readonly options: AggregatorOptions) {
    this.next = Array.from({ length: options.partitions }, () => 0);
  }

  /** Event time up to which every window is closed. */
  get watermark(): number {
    return this.newest - this.options.graceMs();
  }

  async start(): Promise<void> {
    const { kafka, groupId, topic } = this.options;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.options.onError(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.consumed++;
        this.next[partition] = Number(message.offset) + 1;
        const record = decodeRecord(message.value);
        if (record !== undefined) this.add(record);
      },
    });
  }

  reached(ends: readonly number[]): boolean {
    return ends.every((end, p) => (this.next[p] ?? 0) >= end);
  }

  /** End of the stream: every open window closes. */
  closeAll(): void {
    this.closeUpTo(Number.POSITIVE_INFINITY);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  private add(record: LogRecord): void {
    const { windowMs, policy } = this.options;
    const start = windowOf(record.t, windowMs);
    if (start + windowMs <= this.closedUpTo) {
      if (policy === 'drop') {
        for (const [c, n] of cellsOf(record))
          bump(this.dropped, cellKey(start, record.service, c), n);
        this.options.onLate(record, start, true);
        return;
      }
      const tally = cell(this.closed, start, record.service);
      for (const [c, n] of cellsOf(record)) bump(tally, c, n);
      this.options.onLate(record, start, false);
      this.options.onResult({
        windowStart: start,
        service: record.service,
        counts: countsOf(tally),
        correction: true,
      });
      return;
    }
    const tally = cell(this.open, start, record.service);
    for (const [c, n] of cellsOf(record)) bump(tally, c, n);
    this.newest = Math.max(this.newest, record.t);
    this.closeUpTo(this.watermark);
  }

  /** Closes, oldest first, every open window that ends at or before `limit`. */
  private closeUpTo(limit: number): void {
    // A longer grace set live moves the watermark back; what is closed stays closed.
    if (limit <= this.closedUpTo) return;
    this.closedUpTo = limit;
    const { windowMs } = this.options;
    const due = [...this.open.keys()].filter((s) => s + windowMs <= limit).sort((a, b) => a - b);
    for (const start of due) {
      const services = this.open.get(start);
      this.open.delete(start);
      if (services === undefined) continue;
      this.closed.set(start, services);
      for (const [service, tally] of services) {
        this.options.onResult({
          windowStart: start,
          service,
          counts: countsOf(tally),
          correction: false,
        });
      }
    }
  }
}

function cell(windows: Windows, start: number, service: string): Tally {
  let services = windows.get(start);
  if (services === undefined) {
    services = new Map();
    windows.set(start, services);
  }
  let tally = services.get(service);
  if (tally === undefined) {
    tally = new Map();
    services.set(service, tally);
  }
  return tally;
}
