// A live run's links and nodes, refreshed every 2 s while it runs (a scripted fault or another
// viewer changes them too) and at once after each action taken here.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { FaultsView } from '../api/types';

export interface FaultsState {
  view: FaultsView | undefined;
  error: string | undefined;
  /** The server wants the trainer token for this action. */
  needToken: boolean;
  busy: boolean;
  /** Runs an action; its answer (the new view) replaces the shown one. */
  act(action: () => Promise<FaultsView>): Promise<void>;
}

const REFRESH_MS = 2_000;

export function useFaults(runId: string | undefined, live: boolean): FaultsState {
  const [view, setView] = useState<FaultsView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [needToken, setNeedToken] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setView(undefined);
    if (runId === undefined || !live) return;
    let stopped = false;
    const refresh = (): void => {
      api
        .faults(runId)
        .then((v) => !stopped && setView(v))
        .catch(() => undefined);
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runId, live]);

  const act = useCallback(async (action: () => Promise<FaultsView>) => {
    setBusy(true);
    setError(undefined);
    try {
      setView(await action());
      setNeedToken(false);
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      setNeedToken(status === 401);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);

  return { view, error, needToken, busy, act };
}
