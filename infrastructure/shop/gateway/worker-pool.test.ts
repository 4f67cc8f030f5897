import { describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.ts';
import type { Release } from './worker-pool.ts';

describe('WorkerPool', () => {
  it('grants up to size at once and hands a freed slot to the first in line', async () => {
    const pool = new WorkerPool(2, 1000);
    const a = (await pool.acquire()) as Release;
    const b = (await pool.acquire()) as Release;
    expect(pool.inFlight).toBe(2);
    const order: string[] = [];
    const c = pool.acquire().then((r) => (order.push('c'), r));
    const d = pool.acquire().then((r) => (order.push('d'), r));
    expect(pool.queued).toBe(2);
    a();
    a(); // a second release of the same slot frees nothing more
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(pool.inFlight).toBe(2);
    expect(pool.queued).toBe(1);
    b();
    await d;
    expect(order).toEqual(['c', 'd']);
    releaseC?.();
    expect(pool.inFlight).toBe(1);
  });

  it('turns a request away once it waited queueTimeoutMs, and forgets it', async () => {
    const pool = new WorkerPool(1, 20);
    const held = (await pool.acquire()) as Release;
    const started = performance.now();
    expect(await pool.acquire()).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(pool.queued).toBe(0);
    held();
    expect(pool.inFlight).toBe(0);
  });

  it('refuses a size below 1', () => {
    expect(() => new WorkerPool(0, 10)).toThrow(/size/);
  });
});
