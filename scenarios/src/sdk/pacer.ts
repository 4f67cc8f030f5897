// Holds a target rate shared by any number of workers: each call to `wait()` claims the next
// slot on a schedule of 1000/rate ms. The rate is read on every call, so a live change takes
// effect at the next operation, well within one tick.

export interface Pacer {
  /** Resolves when the caller may do its next operation; false once the run has stopped. */
  wait(): Promise<boolean>;
}

// A worker that fell behind (a slow broker call) may catch up by at most this much, so a stall
// is not followed by a burst that the learner did not ask for.
const MAX_CATCH_UP_MS = 250;

export function createPacer(
  rate: () => number,
  signal: AbortSignal,
  sleep: (ms: number) => Promise<void>,
): Pacer {
  let nextSlot = performance.now();
  return {
    async wait(): Promise<boolean> {
      for (;;) {
        if (signal.aborted) return false;
        const perSec = rate();
        if (perSec === Number.POSITIVE_INFINITY) return true;
        if (!(perSec > 0)) {
          // Paused: look again soon so a slider moved off zero takes effect quickly.
          await sleep(50);
          nextSlot = performance.now();
          continue;
        }
        const now = performance.now();
        const slot = Math.max(nextSlot, now - MAX_CATCH_UP_MS);
        nextSlot = slot + 1000 / perSec;
        const delay = slot - now;
        if (delay >= 1) await sleep(delay);
        return !signal.aborted;
      }
    },
  };
}
