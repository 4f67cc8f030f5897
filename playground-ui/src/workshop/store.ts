// The room as this screen sees it: the live workshop (plan, presenter's position, limits), kept
// fresh by the `workshop` socket room, and two choices of this tab: whether it presents (it
// started the workshop or took over) and whether it follows the presenter (on by default).
import { useSyncExternalStore } from 'react';
import { getSocket } from '../realtime/socket';
import { trainerToken } from '../api/trainer-token';
import type { WorkshopPosition, WorkshopState } from './types';

export interface RoomView {
  state: WorkshopState | undefined;
  presenting: boolean;
  following: boolean;
  /** Bumped on every position the presenter sends, so a follower acts on repeats too. */
  moves: number;
}

const PRESENTING_KEY = 'playground.workshop.presenting';
const FOLLOW_KEY = 'playground.workshop.follow';

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Storage off: the choice lasts until reload.
  }
}

let view: RoomView = {
  state: undefined,
  presenting: read(PRESENTING_KEY) === '1',
  following: read(FOLLOW_KEY) !== '0',
  moves: 0,
};
const listeners = new Set<() => void>();
let wired = false;
const RESYNC_MS = 3000;

function set(next: Partial<RoomView>): void {
  view = { ...view, ...next };
  for (const listener of listeners) listener();
}

function wire(): void {
  if (wired) return;
  wired = true;
  const socket = getSocket();
  const join = (): void => {
    socket.emit('workshop:join', {}, (state) => set({ state }));
  };
  socket.on('connect', join);
  if (socket.connected) join();
  // A position broadcast missed while the socket was away (a reconnect, a client the server cut
  // off for reading too slowly) would leave a follower behind until the presenter moved again:
  // asking again every few seconds brings it back.
  setInterval(() => {
    if (socket.connected && view.following && !view.presenting) join();
  }, RESYNC_MS);
  socket.on('workshop:state', (state) => {
    set({ state, ...(state.live ? {} : { presenting: false }) });
    if (!state.live) write(PRESENTING_KEY, undefined);
  });
  socket.on('workshop:position', (position) => {
    if (view.state === undefined) return;
    set({ state: { ...view.state, position }, moves: view.moves + 1 });
  });
}

export const room = {
  subscribe(listener: () => void): () => void {
    wire();
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get(): RoomView {
    return view;
  },
  setState(state: WorkshopState): void {
    set({ state });
  },
  setPresenting(on: boolean): void {
    write(PRESENTING_KEY, on ? '1' : undefined);
    set({ presenting: on });
  },
  setFollowing(on: boolean): void {
    write(FOLLOW_KEY, on ? '1' : '0');
    set({ following: on });
  },
  /** Sends where the presenter is; resolves with the server's refusal, if any. */
  present(position: WorkshopPosition): Promise<string | undefined> {
    const token = trainerToken.get();
    return new Promise((resolve) => {
      getSocket().emit(
        'workshop:position',
        { ...(token === undefined ? {} : { token }), position },
        (answer) => resolve(answer.ok ? undefined : answer.error),
      );
      if (view.state) set({ state: { ...view.state, position } });
    });
  },
};

export function useRoom(): RoomView {
  return useSyncExternalStore(room.subscribe, room.get);
}
