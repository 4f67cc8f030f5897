// Readiness and version checks that speak each broker's real protocol: a port that accepts TCP is
// not yet a broker that serves requests (RabbitMQ listens long before it accepts a login).
import { connect as amqpConnect } from 'amqplib';
import { Redis } from 'ioredis';
import { probeKafkaVersion } from '../../playground-server/src/brokers/kafka-version.ts';
import { sleep } from './process.ts';

export type ProbeResult =
  | { ok: true; version: string; latencyMs: number }
  | {
      ok: false;
      error: string;
      /** Nothing listens there: the launcher may start a broker on that port. */
      refused: boolean;
    };

function failure(err: unknown): ProbeResult {
  const e = err as NodeJS.ErrnoException;
  const message = e.message || String(err);
  const refused = e.code === 'ECONNREFUSED' || /ECONNREFUSED|connection refused/i.test(message);
  return { ok: false, error: message, refused };
}

/** PING, then the version from INFO server. */
export async function probeRedis(url: string, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // With retries off, connect() rejects with a bare "Connection is closed"; the cause (e.g.
  // ECONNREFUSED, which decides whether the launcher may start a server) arrives as an event.
  let socketError: Error | undefined;
  client.on('error', (err: Error) => {
    socketError ??= err;
  });
  try {
    await client.connect();
    await client.ping();
    const info = await client.info('server');
    const version = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
    return { ok: true, version, latencyMs: performance.now() - started };
  } catch (err) {
    return failure(socketError ?? err);
  } finally {
    client.disconnect();
  }
}

/** An AMQP connection (login included); the version is in the server's connection properties. */
export async function probeRabbitmq(url: string, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const connecting = amqpConnect(url, { timeout: timeoutMs });
    // amqplib's timeout covers the TCP connect only; a peer that accepts and then stays silent
    // would otherwise hold the probe forever.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no AMQP handshake within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const conn = await Promise.race([connecting, deadline]);
    const version = String(conn.connection.serverProperties.version ?? 'unknown');
    await conn.close().catch(() => {});
    return { ok: true, version, latencyMs: performance.now() - started };
  } catch (err) {
    return failure(err);
  } finally {
    clearTimeout(timer);
  }
}

/** ApiVersions round trip; ready only once the broker has finalized its metadata.version. */
export async function probeKafka(hostPort: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const v = await probeKafkaVersion(hostPort, timeoutMs);
    if (v.version === 'unknown') {
      return { ok: false, error: `${hostPort} has not finalized metadata.version`, refused: false };
    }
    return { ok: true, version: `${v.version} (${v.metadataVersion})`, latencyMs: v.latencyMs };
  } catch (err) {
    return failure(err);
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Whether the process being waited for still lives; waiting stops early once it has died. */
  alive?: () => boolean;
}

/** Polls probe until it answers ok, the deadline passes, or the watched process dies. */
export async function waitUntilReady(
  probe: (timeoutMs: number) => Promise<ProbeResult>,
  options: WaitOptions,
): Promise<ProbeResult & { died?: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  let last: ProbeResult = { ok: false, error: 'not probed yet', refused: true };
  while (Date.now() < deadline) {
    last = await probe(Math.min(2000, Math.max(250, deadline - Date.now())));
    if (last.ok) return last;
    if (options.alive && !options.alive()) {
      // Its last words may have been written just before exit: one more look, then give up.
      last = await probe(1000);
      return last.ok ? last : { ...last, died: true };
    }
    await sleep(options.intervalMs ?? 250);
  }
  return last;
}
