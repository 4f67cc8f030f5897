// Loopback servers and clients for the fault proxy's tests and bench: an echo server, a server
// that hangs up at once, and a client that counts what comes back.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface TestServer {
  port: number;
  address: string;
  /** The server side of every connection accepted so far. */
  sockets: Socket[];
  close(): Promise<void>;
}

async function serve(handle: (socket: Socket) => void): Promise<TestServer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    handle(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    address: `127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

/** Writes back every byte it reads. */
export const echoServer = (): Promise<TestServer> => serve((socket) => socket.pipe(socket));

/** Sends `greeting` and closes straight away. */
export const hangUpServer = (greeting: string): Promise<TestServer> =>
  serve((socket) => socket.end(greeting));

/** A client that keeps what it receives and how it ended. */
export class TestClient {
  readonly chunks: Buffer[] = [];
  received = 0;
  error: NodeJS.ErrnoException | undefined;
  closedAt: number | undefined;
  readonly openedAt = performance.now();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.received += chunk.length;
      this.notify();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error;
      this.notify();
    });
    socket.on('close', () => {
      this.closedAt = performance.now();
      this.notify();
    });
  }

  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Resolves once `condition` holds; rejects after `timeoutMs`. */
  until(what: string, condition: () => boolean, timeoutMs = 2000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  untilClosed(timeoutMs = 2000): Promise<void> {
    return this.until('the connection to close', () => this.closedAt !== undefined, timeoutMs);
  }

  /** Writes `payload` and resolves with the milliseconds until as many more bytes came back. */
  async roundTrip(payload: Buffer | string, timeoutMs = 2000): Promise<number> {
    const bytes = Buffer.from(payload);
    const target = this.received + bytes.length;
    const start = performance.now();
    this.socket.write(bytes);
    await this.until(`${target} bytes back`, () => this.received >= target, timeoutMs);
    return performance.now() - start;
  }

  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}
