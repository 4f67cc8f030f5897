// The outbox on the live Redis: atomic write, publish-then-delete, and the at-least-once
// hand-over when a relay dies between the publish and the delete.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../scenarios/src/sdk/index.ts';
import { deletePrefix } from '../../../scenarios/src/sdk/redis/index.ts';
import { OutboxRelay, appendToOutbox, outboxDepth } from './outbox.ts';
import type { OutboxEvent, OutboxRelayOptions } from './outbox.ts';

const prefix = `test:outbox:${randomBytes(4).toString('hex')}:`;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await redis.ping();
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function placeOrders(stream: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    const multi = redis.multi().hset(`${stream}:order:${id}`, { id }).sadd(`${stream}:orders`, id);
    await appendToOutbox(
      multi,
      stream,
      id,
      JSON.stringify({ type: 'order-placed', orderId: id }),
    ).exec();
  }
}

function relay(
  stream: string,
  consumer: string,
  extra: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  return new OutboxRelay({
    redis,
    stream,
    group: 'relay',
    consumer,
    claimIdleMs: 300,
    blockMs: 50,
    publish: async () => undefined,
    onError: () => undefined,
    ...extra,
  });
}

describe('the order outbox', () => {
  it('writes order and entry together, and the relay publishes each once, then deletes it', async () => {
    const stream = `${prefix}a`;
    await placeOrders(stream, ['1', '2', '3']);
    expect(await redis.scard(`${stream}:orders`)).toBe(3);
    expect(await outboxDepth(redis, stream)).toBe(3);
    const published: OutboxEvent[] = [];
    const r = relay(stream, 'product-service-1', {
      publish: async (e) => void published.push(e),
    });
    await r.start();
    await placeOrders(stream, ['4']);
    expect(
      await waitFor(async () => (await outboxDepth(redis, stream)) === 0, { withinMs: 3000 }),
    ).toBe(true);
    await r.stop();
    expect(published.map((e) => e.orderId)).toEqual(['1', '2', '3', '4']);
    expect(JSON.parse(published[0]?.payload ?? '{}')).toEqual({
      type: 'order-placed',
      orderId: '1',
    });
    expect(r.relayed).toBe(4);
  });

  it('leaves an entry whose publish failed, and publishes it on the next try', async () => {
    const stream = `${prefix}b`;
    await placeOrders(stream, ['1']);
    let attempts = 0;
    const errors: unknown[] = [];
    const r = relay(stream, 'product-service-1', {
      publish: async () => {
        if (++attempts === 1) throw new Error('broker down');
      },
      onError: (e) => errors.push(e),
    });
    await r.start();
    expect(
      await waitFor(async () => (await outboxDepth(redis, stream)) === 0, { withinMs: 3000 }),
    ).toBe(true);
    await r.stop();
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('publishes again, never zero times, what a relay that died after publishing left pending', async () => {
    const stream = `${prefix}c`;
    await placeOrders(stream, ['1', '2']);
    const published: string[] = [];
    // Relay 1 "dies" between the publish and the delete of its first entry.
    const dying: OutboxRelay = relay(stream, 'product-service-1', {
      batch: 1,
      publish: async (e) => void published.push(e.orderId),
      afterPublish: () => {
        throw new Error('crash');
      },
      onError: () => void dying.stop(),
    });
    await dying.start();
    expect(await waitFor(() => published.length === 1, { withinMs: 3000 })).toBe(true);
    await dying.stop();
    expect(await outboxDepth(redis, stream)).toBe(2);

    // Another instance takes the idle entry over, and relays the rest.
    const other = relay(stream, 'product-service-2', {
      publish: async (e) => void published.push(e.orderId),
    });
    await other.start();
    expect(
      await waitFor(async () => (await outboxDepth(redis, stream)) === 0, { withinMs: 3000 }),
    ).toBe(true);
    await other.stop();
    expect([...published].sort()).toEqual(['1', '1', '2']);
  });

  it('a restarted instance first publishes what it had taken, without waiting for the idle time', async () => {
    const stream = `${prefix}d`;
    await placeOrders(stream, ['1']);
    const published: string[] = [];
    const dying: OutboxRelay = relay(stream, 'product-service-1', {
      publish: async (e) => void published.push(e.orderId),
      afterPublish: () => {
        throw new Error('crash');
      },
      onError: () => void dying.stop(),
    });
    await dying.start();
    expect(await waitFor(() => published.length === 1, { withinMs: 3000 })).toBe(true);
    await dying.stop();
    const restarted = relay(stream, 'product-service-1', {
      claimIdleMs: 60_000,
      publish: async (e) => void published.push(e.orderId),
    });
    await restarted.start();
    expect(
      await waitFor(async () => (await outboxDepth(redis, stream)) === 0, { withinMs: 2000 }),
    ).toBe(true);
    await restarted.stop();
    expect(published).toEqual(['1', '1']);
  });
});
