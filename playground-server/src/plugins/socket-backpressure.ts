// A viewer that stops reading must not grow the server's memory. Frames are volatile (dropped
// while the socket cannot write), but history, events and state are not: they queue in the
// engine's write buffer and, past it, in the WebSocket's. A client whose queue stays over the
// bound is disconnected; it reconnects and rejoins when it reads again.

/** The little of a Socket.IO socket this needs (fakes in tests fit it too). */
export interface WatchedSocket {
  id: string;
  /** engine.io's connection; its write buffer is not in its public types, so it is read here. */
  conn: object;
  disconnect(close: boolean): unknown;
}

interface EngineConnection {
  writeBuffer?: readonly { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: () => void } };
}

/**
 * Disconnects at once. A WebSocket close waits for the peer's answer (30 s in ws), and a peer that
 * does not read never answers: its buffers would be held until then, so the socket is destroyed.
 */
export function cutOff(socket: WatchedSocket): void {
  socket.disconnect(true);
  (socket.conn as EngineConnection).transport?.socket?.terminate?.();
}

export interface BufferBound {
  /** Packets waiting in the engine's write buffer. */
  packets: number;
  /** Bytes queued: in those packets (one run's history is a single large one) and in the
   * WebSocket, accepted but not yet written to the network. */
  bytes: number;
}

export const DEFAULT_BOUND: BufferBound = { packets: 500, bytes: 4 * 1024 * 1024 };

export function bufferedOf(socket: WatchedSocket): BufferBound {
  const conn = socket.conn as EngineConnection;
  const inSocket = conn.transport?.socket?.bufferedAmount;
  let bytes = typeof inSocket === 'number' ? inSocket : 0;
  for (const packet of conn.writeBuffer ?? []) {
    if (typeof packet.data === 'string') bytes += packet.data.length;
  }
  return { packets: conn.writeBuffer?.length ?? 0, bytes };
}

export function overBound(socket: WatchedSocket, bound: BufferBound): boolean {
  const buffered = bufferedOf(socket);
  return buffered.packets > bound.packets || buffered.bytes > bound.bytes;
}

/**
 * Checks every socket each `intervalMs`; one over the bound `strikes` checks in a row is
 * disconnected. Returns the function that stops watching.
 */
export function watchBackpressure(
  sockets: () => Iterable<WatchedSocket>,
  options: {
    bound?: BufferBound;
    intervalMs?: number;
    strikes?: number;
    onDisconnect?: (socket: WatchedSocket) => void;
  } = {},
): () => void {
  const bound = options.bound ?? DEFAULT_BOUND;
  const strikes = options.strikes ?? 3;
  const over = new Map<string, number>();
  const timer = setInterval(() => {
    const seen = new Set<string>();
    for (const socket of sockets()) {
      seen.add(socket.id);
      if (!overBound(socket, bound)) {
        over.delete(socket.id);
        continue;
      }
      const count = (over.get(socket.id) ?? 0) + 1;
      over.set(socket.id, count);
      if (count >= strikes) {
        over.delete(socket.id);
        options.onDisconnect?.(socket);
        cutOff(socket);
      }
    }
    for (const id of over.keys()) if (!seen.has(id)) over.delete(id);
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
