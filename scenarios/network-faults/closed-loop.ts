// A closed-loop workload: a fixed number of workers, each sending its next request only after
// the reply to its last and a short think. Throughput then follows latency (Little's law:
// throughput = workers / (latency + think)), which is what a slower link does to real clients.

export interface ClosedLoopOptions {
  workers: number;
  /** One request; resolves when it is answered. */
  request: (worker: number) => Promise<void>;
  think: () => number;
  signal: AbortSignal;
  /** ctx.sleep: resolves early when the run stops. */
  sleep: (ms: number) => Promise<void>;
  onAnswered: (startMs: number, endMs: number) => void;
  onError: (error: unknown) => void;
}

// After a failed request a worker waits before the next, so a dead link is not hammered.
const ERROR_PAUSE_MS = 100;

export async function runClosedLoop(options: ClosedLoopOptions): Promise<void> {
  const { workers, request, think, signal, sleep, onAnswered, onError } = options;
  const worker = async (n: number): Promise<void> => {
    while (!signal.aborted) {
      const start = performance.now();
      try {
        await request(n);
        onAnswered(start, performance.now());
      } catch (error) {
        if (signal.aborted) return;
        onError(error);
        await sleep(ERROR_PAUSE_MS);
      }
      const pause = think();
      if (pause > 0) await sleep(pause);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));
}

/** Resolves when the load stops. */
export function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
