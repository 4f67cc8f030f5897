// One consistent reading of all three structures: counts, memory and encodings, in one MULTI,
// so the HyperLogLog's error is computed against the set at the very same moment.
import type { Redis } from 'ioredis';
import type { VisitorKeys } from './keys.ts';

export interface Snapshot {
  /** SCARD: the set's exact count. */
  exact: number;
  /** PFCOUNT: the HyperLogLog's estimate. */
  hll: number;
  /** BITCOUNT: the bitmap's exact count. */
  bitmap: number;
  /** MEMORY USAGE of each, in bytes (0 before the key exists). */
  bytes: { set: number; hll: number; bitmap: number };
  /** STRLEN of the bitmap: one byte per 8 possible ids up to the largest set. */
  bitmapLength: number;
  /** The set's OBJECT ENCODING: `intset` while small and all-integer, then `hashtable`. */
  setEncoding: string | undefined;
  /** Byte 4 of the HyperLogLog's header: 0 dense (12 KB of registers), 1 sparse. */
  hllDense: boolean;
}

const asNumber = (value: unknown): number => (value === null ? 0 : Number(value));

/**
 * Reads every structure in one transaction. `samples` is MEMORY USAGE's SAMPLES: Redis's
 * default (5) estimates a large set from a few members; 0 walks them all (exact, O(n)).
 */
export async function readSnapshot(
  redis: Redis,
  keys: VisitorKeys,
  samples?: number,
): Promise<Snapshot> {
  const usage = (key: string): (string | number)[] =>
    samples === undefined ? ['USAGE', key] : ['USAGE', key, 'SAMPLES', samples];
  const replies = await redis
    .multi()
    .scard(keys.set)
    .pfcount(keys.hll)
    .bitcount(keys.bitmap)
    .call('MEMORY', usage(keys.set))
    .call('MEMORY', usage(keys.hll))
    .call('MEMORY', usage(keys.bitmap))
    .strlen(keys.bitmap)
    .object('ENCODING', keys.set)
    .getrange(keys.hll, 4, 4)
    .exec();
  if (replies === null) throw new Error('Redis aborted the snapshot MULTI');
  const values = replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const [exact, hll, bitmap, setBytes, hllBytes, bitmapBytes, bitmapLength, encoding, header] =
    values;
  return {
    exact: asNumber(exact),
    hll: asNumber(hll),
    bitmap: asNumber(bitmap),
    bytes: { set: asNumber(setBytes), hll: asNumber(hllBytes), bitmap: asNumber(bitmapBytes) },
    bitmapLength: asNumber(bitmapLength),
    setEncoding: typeof encoding === 'string' ? encoding : undefined,
    hllDense: header === '\u0000',
  };
}

/** The HyperLogLog's signed error against the exact count, in percent (0 when empty). */
export function errorPct(s: Pick<Snapshot, 'exact' | 'hll'>): number {
  return s.exact === 0 ? 0 : Math.round(((s.hll - s.exact) / s.exact) * 100_000) / 1000;
}
