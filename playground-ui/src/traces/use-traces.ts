// A run's traced requests, read every 2 s while it runs and once more when it ends (its services
// flush their last spans as they stop); and one trace's spans, read again while it grows.
import { useEffect, useState } from 'react';
import { tracesApi } from './traces-client';
import type { SpanSystem, TraceDetail, TraceList } from './traces-client';

const REFRESH_MS = 2_000;
const LIST_LIMIT = 50;

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
}

export interface LoadedList extends Loaded<TraceList> {
  /** The data is the run's, but for the filter before this one (the new one is loading). */
  stale: boolean;
}

/** `crosses` is held in state by the caller: a new array means a new filter. */
export function useTraceList(
  runId: string,
  live: boolean,
  crosses: readonly SpanSystem[],
): LoadedList {
  const [state, setState] = useState<Loaded<TraceList> & { runId: string; key: string }>({
    runId: '',
    key: '',
    data: undefined,
    error: undefined,
  });
  const key = `${runId}|${crosses.join(',')}`;

  useEffect(() => {
    let stopped = false;
    const refresh = (): void => {
      tracesApi.list(runId, { limit: LIST_LIMIT, crosses }).then(
        (data) => {
          if (!stopped) setState({ runId, key, data, error: undefined });
        },
        (error: unknown) => {
          // What was shown stays; the next poll may well succeed.
          if (!stopped)
            setState((s) => ({
              ...(s.runId === runId ? s : { data: undefined }),
              runId,
              key,
              error: (error as Error).message,
            }));
        },
      );
    };
    refresh();
    if (!live) return () => void (stopped = true);
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runId, live, crosses, key]);

  // Another run's list is never shown; the last filter's stays up while the new one loads.
  if (state.runId !== runId) return { data: undefined, error: undefined, stale: false };
  return { data: state.data, error: state.error, stale: state.key !== key };
}

/** `spans` is the trace's span count as last listed: a new count reads the trace again. */
export function useTraceDetail(
  runId: string,
  traceId: string | undefined,
  spans: number | undefined,
): Loaded<TraceDetail> {
  const [state, setState] = useState<Loaded<TraceDetail>>({ data: undefined, error: undefined });

  useEffect(() => {
    if (traceId === undefined) {
      setState({ data: undefined, error: undefined });
      return;
    }
    let stopped = false;
    tracesApi.get(runId, traceId).then(
      (data) => {
        if (!stopped) setState({ data, error: undefined });
      },
      (error: unknown) => {
        if (!stopped) setState((s) => ({ ...s, error: (error as Error).message }));
      },
    );
    return () => {
      stopped = true;
    };
  }, [runId, traceId, spans]);

  return state.data === undefined || state.data.traceId === traceId
    ? state
    : { data: undefined, error: state.error };
}
