// The connections a Redis cluster hands out to its run: each through a link, failing fast while
// its node is down (nothing queued, so a write counted as acknowledged really was), reconnecting
// by itself, and all closed when the run ends.
import { Redis } from 'ioredis';
import type { Cluster, RedisOptions } from 'ioredis';

export const FAIL_FAST: RedisOptions = {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: false,
  retryStrategy: () => 100,
  connectTimeout: 2_000,
};

export class RedisConnections {
  private readonly open: (Redis | Cluster)[] = [];

  constructor(private readonly clientName: string) {}

  /** Keeps `client` for closing at the end; its errors reach the caller through its commands. */
  track<C extends Redis | Cluster>(client: C): C {
    client.on('error', () => undefined);
    this.open.push(client);
    return client;
  }

  /** A direct connection to 127.0.0.1:`port` (a link). */
  async direct(port: number): Promise<Redis> {
    const client = this.track(
      // A paused node accepts the connection and never answers: a read must not wait forever.
      new Redis({
        ...FAIL_FAST,
        host: '127.0.0.1',
        port,
        commandTimeout: 2_000,
        connectionName: this.clientName,
      }),
    );
    await client.connect();
    return client;
  }

  /** A short-lived direct connection for one question; closed before it returns. */
  async ask<T>(port: number, question: (redis: Redis) => Promise<T>, withinMs = 1_500): Promise<T> {
    const client = new Redis({
      ...FAIL_FAST,
      host: '127.0.0.1',
      port,
      retryStrategy: () => null,
      commandTimeout: withinMs,
      connectionName: this.clientName,
    });
    client.on('error', () => undefined);
    // A paused node accepts the connection and never answers, not even the ready check.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () => fail(new Error(`no answer on ${port} within ${withinMs} ms`)),
        withinMs,
      );
    });
    const answer = client.connect().then(() => question(client));
    // Whichever loses the race must not reject unheard (that would end the process).
    answer.catch(() => undefined);
    late.catch(() => undefined);
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  }

  closeAll(): void {
    for (const client of this.open.splice(0)) client.disconnect();
  }
}
