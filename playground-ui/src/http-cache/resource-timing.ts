// Where the browser got an answer from, as Resource Timing tells it. No header can say it: a
// response from the HTTP cache looks to fetch() exactly like one from the network. The timing
// entry can: nothing transferred means the cache answered; headers only (fewer bytes transferred
// than the body holds) means a 304 let the cached body be reused.

export type BrowserVerdict = 'cache' | 'revalidated' | 'network';

/** The fields of a PerformanceResourceTiming the verdict needs. */
export interface TimingFields {
  transferSize: number;
  encodedBodySize: number;
  /** The HTTP status, where the browser reports it (Chromium 109+). */
  responseStatus?: number;
}

export function verdictOf(timing: TimingFields): BrowserVerdict {
  if (timing.transferSize === 0) return 'cache';
  if (timing.responseStatus === 304) return 'revalidated';
  if (timing.encodedBodySize > 0 && timing.transferSize < timing.encodedBodySize) {
    return 'revalidated';
  }
  return 'network';
}

export const VERDICT_LABELS: Record<BrowserVerdict, string> = {
  cache: 'from your cache',
  revalidated: 'revalidated (304)',
  network: 'network (200)',
};

/**
 * Resolves with the timing entry of the next fetch of `url` that starts at or after `since`
 * (performance.now()). An observer, not the buffer: the page's own API polling fills the
 * buffer's 250 places within minutes, and a full buffer takes no new entries.
 */
export function nextTiming(
  url: string,
  since: number,
  withinMs = 3000,
): { entry: Promise<PerformanceResourceTiming | undefined>; cancel(): void } {
  let observer: PerformanceObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = (): void => {
    observer?.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  };
  const entry = new Promise<PerformanceResourceTiming | undefined>((resolve) => {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceResourceTiming[]) {
        if (e.name === url && e.startTime >= since) {
          cancel();
          resolve(e);
          return;
        }
      }
    });
    observer.observe({ type: 'resource', buffered: false });
    timer = setTimeout(() => {
      cancel();
      resolve(undefined);
    }, withinMs);
  });
  return { entry, cancel };
}
