import { withDeadline } from '../deadline.ts';
import { poll } from '../poll.ts';
import type { LagReading } from './lag.ts';

export interface LagPollerOptions {
  /** One reading from the broker, e.g. `() => readLag(admin, topic, groupId)`. */
  read: () => Promise<LagReading>;
  onReading: (reading: LagReading) => void;
  /** A read failed; `first` is true for the first failure of a run of them. */
  onMiss?: (error: unknown, first: boolean) => void;
  /** Stops the poller; give it its own signal, since it must run on through the final phase. */
  signal: AbortSignal;
  /** Default 250 ms: the chart moves with every tick. */
  everyMs?: number;
  /** One read may take this long before it counts as a miss (default 2000 ms). */
  readDeadlineMs?: number;
  /** Reads failing for this long end the poller with the error (default 5000 ms). */
  failAfterMs?: number;
}

/**
 * Reads the lag until the signal aborts. A failed read keeps the last numbers on screen; only
 * when reads have failed for `failAfterMs` does the returned promise reject, naming the error.
 */
export function pollLag(options: LagPollerOptions): Promise<void> {
  const { read, onReading, onMiss, signal } = options;
  const readDeadlineMs = options.readDeadlineMs ?? 2000;
  const failAfterMs = options.failAfterMs ?? 5000;
  let failingSince: number | undefined;
  // An abort must not wait for a slow read to settle: the final phase has a budget.
  const aborted = new Promise<undefined>((resolve) => {
    signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  return poll(
    async () => {
      const reading = await Promise.race([
        withDeadline(read(), readDeadlineMs, 'reading offsets'),
        aborted,
      ]);
      if (reading === undefined) return;
      failingSince = undefined;
      onReading(reading);
    },
    options.everyMs ?? 250,
    signal,
    {
      onError: (error) => {
        if (signal.aborted) return;
        const first = failingSince === undefined;
        failingSince ??= performance.now();
        if (performance.now() - failingSince > failAfterMs) throw error;
        onMiss?.(error, first);
      },
    },
  );
}
