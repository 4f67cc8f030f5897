// What ended runs could not delete because a broker refused (GET /api/cleanups). The server
// retries when that broker comes back; the list is re-read when a run ends, when a broker's
// health changes, and every few seconds while anything is pending.
import { useEffect } from 'react';
import { ApiError } from '../api/client';
import type { BrokerName, RunResources } from '../api/types';
import { useResource } from '../api/use-resource';
import type { Resource } from '../api/use-resource';
import { getSocket } from './socket';

export interface PendingCleanup {
  runId: string;
  scenario: string;
  resources: RunResources;
  lastError: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  brokers: BrokerName[];
}

const POLL_MS = 3000;

async function loadPendingCleanups(): Promise<PendingCleanup[]> {
  let response: Response;
  try {
    response = await fetch('/api/cleanups', { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError(0, undefined, `the server is not reachable (${(error as Error).message})`);
  }
  if (!response.ok)
    throw new ApiError(response.status, undefined, `GET /api/cleanups: ${response.status}`);
  return (await response.json()) as PendingCleanup[];
}

export function usePendingCleanups(): Resource<PendingCleanup[]> {
  const cleanups = useResource('cleanups', loadPendingCleanups);
  const { reload } = cleanups;
  const pending = (cleanups.data?.length ?? 0) > 0;
  useEffect(() => {
    const socket = getSocket();
    socket.on('runs:changed', reload);
    socket.on('health:changed', reload);
    return () => {
      socket.off('runs:changed', reload);
      socket.off('health:changed', reload);
    };
  }, [reload]);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);
  return cleanups;
}
