import { useSyncExternalStore } from 'react';
import { connection } from './socket';
import type { ConnectionState } from './socket';

export function useConnection(): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.get);
}
