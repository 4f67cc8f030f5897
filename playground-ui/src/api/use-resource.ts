// Reads one API resource, keyed by a string; re-reads when the key changes, when asked, and when
// the connection to the server comes back (what was shown may be stale by then).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useConnection } from '../realtime/use-connection';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

export function useResource<T>(key: string | undefined, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string | undefined; data?: T; error?: Error }>({
    key: undefined,
  });
  const [nonce, setNonce] = useState(0);
  const loader = useRef(load);
  const { epoch } = useConnection();
  useEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    if (key === undefined) return;
    let cancelled = false;
    loader.current().then(
      (data) => {
        if (!cancelled) setState({ key, data });
      },
      (error: unknown) => {
        if (!cancelled)
          setState((s) => ({
            key,
            ...(s.key === key ? { data: s.data } : {}),
            error: error as Error,
          }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, nonce, epoch]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    reload,
  };
}
