// The runs so far, re-read whenever the server says one started or ended.
import { useEffect } from 'react';
import { api } from './client';
import type { RunView } from './types';
import { useResource } from './use-resource';
import type { Resource } from './use-resource';
import { getSocket } from '../realtime/socket';

export function useRuns(): Resource<RunView[]> {
  const runs = useResource('runs', api.runs);
  const { reload } = runs;
  useEffect(() => {
    const socket = getSocket();
    socket.on('runs:changed', reload);
    return () => {
      socket.off('runs:changed', reload);
    };
  }, [reload]);
  return runs;
}
