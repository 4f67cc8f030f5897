// One Socket.IO connection for the whole app, and a tiny store of its state that components
// read with useSyncExternalStore. Socket.IO reconnects by itself; the store lets the page say so
// the moment the server goes away and clear the warning the moment it is back.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../api/types';

export type PlaygroundSocket = Socket<ServerToClient, ClientToServer>;

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the status last changed (Date.now()). */
  since: number;
  /** Increases on every successful (re)connection: a dependency for data that must be refetched. */
  epoch: number;
}

let socket: PlaygroundSocket | undefined;
let state: ConnectionState = { status: 'connecting', since: Date.now(), epoch: 0 };
const listeners = new Set<() => void>();

function set(next: Partial<ConnectionState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function getSocket(): PlaygroundSocket {
  if (socket === undefined) {
    const s: PlaygroundSocket = io({
      path: '/socket.io',
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
      timeout: 5000,
    });
    s.on('connect', () => set({ status: 'connected', since: Date.now(), epoch: state.epoch + 1 }));
    s.on('disconnect', (reason) => {
      set({ status: 'offline', since: Date.now() });
      // A server shutting down disconnects its clients on purpose; Socket.IO then does not
      // reconnect by itself, so ask again until the server (restarted) answers.
      if (reason === 'io server disconnect') setTimeout(() => s.connect(), 1000);
    });
    s.on('connect_error', () => {
      if (state.status !== 'offline') set({ status: 'offline', since: Date.now() });
    });
    socket = s;
  }
  return socket;
}

export const connection = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    getSocket();
    return () => listeners.delete(listener);
  },
  get(): ConnectionState {
    return state;
  },
};
