// A live "every N seconds" for the disruptions: the interval is read again as the run goes, so
// a learner who sets it sees the next one within half of it; 0 turns them off.

/**
 * Runs `action` every `intervalSec()` seconds, the first time after half an interval (and again
 * half an interval after the interval changes), until `signal` aborts. The time an action takes
 * does not count towards the next.
 */
export async function every(
  intervalSec: () => number,
  signal: AbortSignal,
  sleep: (ms: number) => Promise<void>,
  action: () => Promise<void> | void,
): Promise<void> {
  const dueAfter = (fraction: number, interval: number): number =>
    interval > 0 ? performance.now() + interval * 1000 * fraction : Number.POSITIVE_INFINITY;
  let interval = intervalSec();
  let due = dueAfter(0.5, interval);
  while (!signal.aborted) {
    await sleep(100);
    if (signal.aborted) return;
    const current = intervalSec();
    if (current !== interval) {
      interval = current;
      due = dueAfter(0.5, interval);
    }
    if (performance.now() >= due) {
      await action();
      due = dueAfter(1, interval);
    }
  }
}
