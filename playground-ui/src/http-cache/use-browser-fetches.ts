// The panel's state: the run's resources (from its origin's index) and the fetches the learner
// made, newest first, each with what Resource Timing said about it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { nextTiming, verdictOf } from './resource-timing';
import type { BrowserVerdict } from './resource-timing';

export interface OriginResource {
  path: string;
  cacheControl: string | null;
  etag: boolean;
  lastModified: boolean;
  sizeBytes: number;
}

export interface BrowserFetch {
  id: number;
  path: string;
  /** Undefined when no timing entry arrived (the browser dropped it). */
  verdict: BrowserVerdict | undefined;
  status: number;
  transferSize: number | undefined;
  encodedBodySize: number | undefined;
  /** The version the origin stamped on the body the page got. */
  version: string | null;
  /** Resource Timing's duration (fetch start to the last byte). */
  durationMs: number;
  at: Date;
}

export type IndexState =
  | { state: 'loading' }
  | { state: 'ready'; resources: OriginResource[] }
  | { state: 'gone'; message: string };

const MAX_FETCHES = 40;

/** The run's origin, as the playground server forwards it. */
export function originBase(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/endpoints/origin`;
}

export function useBrowserFetches(runId: string, live: boolean) {
  const [index, setIndex] = useState<IndexState>({ state: 'loading' });
  const [fetches, setFetches] = useState<BrowserFetch[]>([]);
  const [busy, setBusy] = useState(false);
  const nextId = useRef(1);

  useEffect(() => {
    if (!live) {
      setIndex((current) =>
        current.state === 'ready'
          ? { state: 'gone', message: 'The run has ended and its origin with it.' }
          : current.state === 'loading'
            ? { state: 'gone', message: 'This panel works while a run goes.' }
            : current,
      );
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      const response = await fetch(`${originBase(runId)}/_resources`, { cache: 'no-store' }).catch(
        () => undefined,
      );
      if (cancelled) return;
      if (response?.ok) {
        const body = (await response.json()) as { resources: OriginResource[] };
        if (!cancelled) setIndex({ state: 'ready', resources: body.resources });
        return;
      }
      // The run exposes its origin a moment after it starts: ask again shortly.
      timer = setTimeout(() => void load(), 500);
    };
    void load();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [runId, live]);

  const fetchOne = useCallback(
    async (path: string): Promise<void> => {
      const url = new URL(`${originBase(runId)}${path}`, window.location.href).href;
      const since = performance.now();
      const timing = nextTiming(url, since);
      try {
        // The browser's default: its HTTP cache decides, as it would for any page resource.
        const response = await fetch(url);
        await response.arrayBuffer();
        const entry = await timing.entry;
        const row: BrowserFetch = {
          id: nextId.current++,
          path,
          verdict: entry === undefined ? undefined : verdictOf(entry),
          status: response.status,
          transferSize: entry?.transferSize,
          encodedBodySize: entry?.encodedBodySize,
          version: response.headers.get('x-origin-version'),
          durationMs: entry?.duration ?? performance.now() - since,
          at: new Date(),
        };
        setFetches((list) => [row, ...list].slice(0, MAX_FETCHES));
        if (response.status === 404) {
          setIndex({ state: 'gone', message: 'The run has ended and its origin with it.' });
        }
      } catch {
        timing.cancel();
      }
    },
    [runId],
  );

  // One after another: each answer's timing entry is then unambiguous.
  const fetchPaths = useCallback(
    async (paths: string[]): Promise<void> => {
      setBusy(true);
      try {
        for (const path of paths) await fetchOne(path);
      } finally {
        setBusy(false);
      }
    },
    [fetchOne],
  );

  return { index, fetches, busy, fetchPaths, clear: () => setFetches([]) };
}
