// Repeats a reading of the broker until a signal aborts. Pollers run past the end of the load
// phase (the drain must show on the chart), so they take their own signal rather than
// ctx.signal, and they wait on a plain timer rather than ctx.sleep, which returns at once once
// the run stops.
import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** Called when `fn` throws; the poller keeps going. Without it, the error ends the poll. */
  onError?: (error: unknown) => void;
}

/**
 * Calls `fn` now and then every `everyMs` (measured from the end of the previous call, so a
 * slow broker is never asked twice at once) until `signal` aborts. Resolves when it stops.
 */
export async function poll(
  fn: () => Promise<void> | void,
  everyMs: number,
  signal: AbortSignal,
  options: PollOptions = {},
): Promise<void> {
  while (!signal.aborted) {
    try {
      await fn();
    } catch (error) {
      if (options.onError === undefined) throw error;
      options.onError(error);
    }
    try {
      await delay(everyMs, undefined, { signal });
    } catch {
      return;
    }
  }
}

/**
 * Waits until `condition` holds, checking every `everyMs`, for at most `withinMs`. Resolves
 * true when it held, false when time ran out or `signal` aborted. For final phases: "wait until
 * the queue is drained, but no longer than the finish budget allows".
 */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  options: { withinMs: number; everyMs?: number; signal?: AbortSignal },
): Promise<boolean> {
  const deadline = performance.now() + options.withinMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() >= deadline || options.signal?.aborted) return false;
    try {
      await delay(
        options.everyMs ?? 50,
        undefined,
        options.signal ? { signal: options.signal } : {},
      );
    } catch {
      return false;
    }
  }
}
