import { describe, expect, it } from 'vitest';
import { FencedStorage } from './storage.ts';

/** Holder 1 (token 1) reads, stalls; holder 2 (token 2) reads and writes; holder 1 wakes. */
function lateWrite(fencing: boolean): { storage: FencedStorage; late: boolean } {
  const storage = new FencedStorage(fencing);
  const first = storage.read(1, 1);
  const second = storage.read(2, 2);
  if (first === undefined || second === undefined) throw new Error('read refused');
  storage.increment(2, 2, second);
  return { storage, late: storage.increment(1, 1, first) };
}

describe('FencedStorage', () => {
  it('without fencing accepts a late write, and its log says it was stale and erased one increment', () => {
    const { storage, late } = lateWrite(false);
    expect(late).toBe(true);
    expect(storage.value).toBe(1);
    expect(storage.totals).toEqual({
      acceptedWrites: 2,
      refusedWrites: 0,
      refusedReads: 0,
      staleAccepted: 1,
      erased: 1,
    });
    expect(storage.log.at(-1)).toMatchObject({ op: 'write', token: 1, accepted: true, erased: 1 });
  });

  it('with fencing refuses the late write, so no increment is lost', () => {
    const { storage, late } = lateWrite(true);
    expect(late).toBe(false);
    expect(storage.value).toBe(1);
    expect(storage.totals).toMatchObject({ acceptedWrites: 1, refusedWrites: 1, erased: 0 });
  });

  it('with fencing refuses a read with an older token', () => {
    const storage = new FencedStorage(true);
    expect(storage.read(2, 2)).toBeDefined();
    expect(storage.read(1, 1)).toBeUndefined();
    expect(storage.totals.refusedReads).toBe(1);
  });

  it('with fencing accepts a late write that no newer token has reached yet', () => {
    const storage = new FencedStorage(true);
    const read = storage.read(1, 1) ?? Number.NaN;
    expect(storage.increment(1, 1, read)).toBe(true);
    expect(storage.totals).toMatchObject({ acceptedWrites: 1, staleAccepted: 0, erased: 0 });
  });

  it('keeps value = accepted − erased however many late writes pile up', () => {
    const storage = new FencedStorage(false);
    const reads = [1, 2, 3].map((token) => storage.read(token, token) ?? Number.NaN);
    for (const token of [3, 2, 1]) storage.increment(token, token, reads[token - 1] ?? Number.NaN);
    expect(storage.totals).toMatchObject({ acceptedWrites: 3, erased: 2, staleAccepted: 2 });
    expect(storage.value).toBe(3 - 2);
  });
});
