// Broker health, shared by the connection indicator and the Infrastructure page: fetched on
// every (re)connection, patched by `health:changed`, and polled while someone asks for latency.
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import type { BrokerHealth, BrokerName, Health } from '../api/types';
import { BROKERS } from '../api/types';
import { connection, getSocket } from './socket';

interface HealthState {
  health: Health | undefined;
  error: string | undefined;
}

let state: HealthState = { health: undefined, error: undefined };
const listeners = new Set<() => void>();
let started = false;
let pollers = 0;
let pollTimer: ReturnType<typeof setInterval> | undefined;

function set(next: HealthState): void {
  state = next;
  for (const listener of listeners) listener();
}

async function refresh(): Promise<void> {
  try {
    set({ health: await api.health(), error: undefined });
  } catch (error) {
    set({ health: state.health, error: (error as Error).message });
  }
}

function start(): void {
  if (started) return;
  started = true;
  const socket = getSocket();
  socket.on('connect', () => void refresh());
  socket.on('health:changed', ({ broker, health }) => {
    if (!state.health || !(BROKERS as readonly string[]).includes(broker)) return void refresh();
    const brokers = { ...state.health.brokers, [broker as BrokerName]: health };
    const ok = Object.values(brokers).every((b: BrokerHealth) => b.ok);
    set({ health: { ...state.health, status: ok ? 'ok' : 'degraded', brokers }, error: undefined });
  });
  if (connection.get().status === 'connected') void refresh();
}

const store = {
  subscribe(listener: () => void): () => void {
    start();
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): HealthState => state,
};

/** Broker health; with `pollMs`, also re-read on that period (latency is not pushed). */
export function useHealth(pollMs?: number): HealthState {
  useEffect(() => {
    if (pollMs === undefined) return;
    pollers++;
    if (pollTimer === undefined) {
      void refresh();
      pollTimer = setInterval(() => void refresh(), pollMs);
    }
    return () => {
      pollers--;
      if (pollers === 0 && pollTimer !== undefined) {
        clearInterval(pollTimer);
        pollTimer = undefined;
      }
    };
  }, [pollMs]);
  return useSyncExternalStore(store.subscribe, store.get);
}
