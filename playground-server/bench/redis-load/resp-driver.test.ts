// Against the live Redis at 127.0.0.1:6379. Other suites may load the same Redis at the same
// time, so exact counts come from a proxy that sees only this driver's bytes; Redis's own
// commandstats must then show at least as many calls (more only if someone else was busy).
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter, Histogram } from '@playground/scenarios/sdk';
import { RedisProtocolError, RedisReplyError } from './resp.ts';
import { runRespLoad } from './resp-driver.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const run = `test${process.pid}${Date.now().toString(36)}`;
let admin: Redis;
let caseNo = 0;
const nextPrefix = (): string => `pg:${run}:${caseNo++}:`;

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
});

afterAll(async () => {
  const leftovers = await keysUnder(`pg:${run}:`);
  if (leftovers.length > 0) await admin.del(...leftovers);
  await admin.quit();
  expect(leftovers).toEqual([]);
});

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

async function commandCalls(): Promise<{ set: number; get: number }> {
  const info = await admin.info('commandstats');
  const calls = (cmd: string): number =>
    Number(new RegExp(`^cmdstat_${cmd}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { set: calls('set'), get: calls('get') };
}

/** A TCP relay to Redis that keeps every byte each way, per connection. */
interface Relay {
  url: string;
  /** The driver's SET and GET commands, and the replies that were not errors. */
  counts(): { set: number; get: number; replies: number; bytesIn: number };
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const streams: { up: string[]; down: string[] }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const log = { up: [] as string[], down: [] as string[] };
    streams.push(log);
    const redis = connect(6379, '127.0.0.1');
    for (const s of [client, redis]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => (s === client ? redis : client).destroy());
    }
    client.on('data', (d: Buffer) => {
      log.up.push(d.toString('latin1'));
      redis.write(d);
    });
    redis.on('data', (d: Buffer) => {
      log.down.push(d.toString('latin1'));
      client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no port');
  const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;
  return {
    url: `redis://127.0.0.1:${address.port}`,
    counts() {
      let set = 0;
      let get = 0;
      let replies = 0;
      let bytesIn = 0;
      for (const { up, down } of streams) {
        const sent = up.join('');
        const answered = down.join('');
        bytesIn += sent.length;
        set += count(sent, /\*3\r\n\$3\r\nSET\r\n/g);
        get += count(sent, /\*2\r\n\$3\r\nGET\r\n/g);
        replies += count(answered, /\+OK\r\n|\$3\r\nxxx\r\n|\$-1\r\n/g);
      }
      return { set, get, replies, bytesIn };
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('runRespLoad against live Redis', () => {
  it('performs exactly the asked number of commands, a short last batch included', async () => {
    const relay = await startRelay();
    try {
      const prefix = nextPrefix();
      const ops = new Counter();
      const latency = new Histogram();
      const before = await commandCalls();
      // 1001 = 250 batches of 4, and one of 1, spread over 5 clients.
      const result = await runRespLoad({
        url: relay.url,
        keyPrefix: prefix,
        clients: 5,
        pipeline: 4,
        operations: 1001,
        record: { ops, latency },
      });
      const after = await commandCalls();
      const seen = relay.counts();
      expect(result.operations).toBe(1001);
      expect(seen.set + seen.get).toBe(1001);
      // Batches of 4 are SET GET SET GET, so the short one adds one SET.
      expect([seen.set, seen.get]).toEqual([501, 500]);
      expect(seen.replies).toBe(1001);
      expect(ops.total).toBe(1001);
      expect(latency.fold()?.count).toBe(251);
      expect(after.set - before.set).toBeGreaterThanOrEqual(501);
      expect(after.get - before.get).toBeGreaterThanOrEqual(500);
      expect(await keysUnder(prefix)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('mixes SET and GET evenly at pipeline 1 and still counts every command once', async () => {
    const relay = await startRelay();
    try {
      const prefix = nextPrefix();
      const result = await runRespLoad({
        url: relay.url,
        keyPrefix: prefix,
        clients: 3,
        pipeline: 1,
        operations: 600,
      });
      const seen = relay.counts();
      expect(result.operations).toBe(600);
      expect(seen.set + seen.get).toBe(600);
      expect(Math.abs(seen.set - seen.get)).toBeLessThanOrEqual(3);
      expect(await keysUnder(prefix)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('stops within a round trip of an abort, sends nothing after, and cleans up', async () => {
    const relay = await startRelay();
    try {
      const prefix = nextPrefix();
      const controller = new AbortController();
      const loading = runRespLoad({
        url: relay.url,
        keyPrefix: prefix,
        clients: 8,
        pipeline: 8,
        signal: controller.signal,
      });
      await new Promise((r) => setTimeout(r, 300));
      const abortedAt = performance.now();
      controller.abort();
      const result = await loading;
      expect(performance.now() - abortedAt).toBeLessThan(500);
      expect(result.operations).toBeGreaterThan(0);
      const seen = relay.counts();
      expect(seen.set + seen.get).toBe(result.operations);
      await new Promise((r) => setTimeout(r, 100));
      expect(relay.counts().bytesIn).toBe(seen.bytesIn);
      expect(await keysUnder(prefix)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('wakes from a paced wait on abort, and does nothing when already aborted', async () => {
    const prefix = nextPrefix();
    const controller = new AbortController();
    // One command a minute: after the first, the loop sleeps until aborted.
    const loading = runRespLoad({
      url: REDIS_URL,
      keyPrefix: prefix,
      clients: 1,
      pipeline: 1,
      rate: () => 1 / 60,
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 200));
    const abortedAt = performance.now();
    controller.abort();
    expect((await loading).operations).toBe(1);
    expect(performance.now() - abortedAt).toBeLessThan(300);

    const none = await runRespLoad({
      url: REDIS_URL,
      keyPrefix: prefix,
      clients: 2,
      pipeline: 2,
      operations: 100,
      signal: AbortSignal.abort(),
    });
    expect(none.operations).toBe(0);
  });

  it('surfaces an error reply as a RedisReplyError, not as a success', async () => {
    const prefix = nextPrefix();
    await admin.rpush(`${prefix}0`, 'a list, not a string');
    const ops = new Counter();
    const latency = new Histogram();
    const loading = runRespLoad({
      url: REDIS_URL,
      keyPrefix: prefix,
      clients: 1,
      pipeline: 4,
      operations: 40,
      mix: 'get',
      record: { ops, latency },
    });
    await expect(loading).rejects.toThrow(RedisReplyError);
    await expect(loading).rejects.toThrow(/^WRONGTYPE/);
    await expect(loading).rejects.toMatchObject({ count: 4 });
    expect(ops.total).toBe(0);
    // The load's keys are deleted even when it fails, the list under its prefix included.
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('holds a paced rate, and follows a change of rate at once', async () => {
    const prefix = nextPrefix();
    for (const pipeline of [1, 5]) {
      let perSec = 300;
      setTimeout(() => (perSec = 900), 1000);
      const result = await runRespLoad({
        url: REDIS_URL,
        keyPrefix: prefix,
        clients: 4,
        pipeline,
        rate: () => perSec,
        signal: AbortSignal.timeout(2000),
      });
      // ~300 in the first second, ~900 in the second; the pacer may run one slot early.
      const expected = 300 + 900;
      expect(result.operations).toBeGreaterThan(expected * 0.85);
      expect(result.operations).toBeLessThan(expected * 1.1);
    }
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('fails, rather than hangs or miscounts, when the server speaks something else', async () => {
    // A stand-in that answers every read with an array, a shape SET and GET never get.
    const sockets = new Set<Socket>();
    const fake = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('data', () => socket.write('*0\r\n'));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const address = fake.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      await expect(
        runRespLoad({
          url: `redis://127.0.0.1:${address.port}`,
          keyPrefix: nextPrefix(),
          clients: 2,
          pipeline: 2,
          operations: 10,
          connectTimeoutMs: 1000,
        }),
      ).rejects.toThrow(RedisProtocolError);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('refuses keys outside the pg: namespace and bad sizes before touching Redis', async () => {
    const base = { url: REDIS_URL, clients: 1, pipeline: 1, operations: 1 };
    await expect(runRespLoad({ ...base, keyPrefix: 'bench:' })).rejects.toThrow(/keyPrefix/);
    await expect(runRespLoad({ ...base, keyPrefix: nextPrefix(), pipeline: 0 })).rejects.toThrow(
      /pipeline/,
    );
  });
});
