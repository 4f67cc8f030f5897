// Free loopback ports chosen before a Redis cluster starts (its nodes' configs name one another's),
// held by listening sockets until released, so a link or another node cannot take one meanwhile.
import { createServer } from 'node:net';
import type { Server } from 'node:net';

export interface ReservedPorts {
  readonly ports: readonly number[];
  /** Frees them, just before the nodes that will listen on them start. */
  release(): Promise<void>;
}

function listenAnywhere(): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}

export async function reservePorts(count: number): Promise<ReservedPorts> {
  const servers = await Promise.all(Array.from({ length: count }, listenAnywhere));
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  return {
    ports,
    release: () =>
      Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(
        () => undefined,
      ),
  };
}
