// One SCAN over a key prefix, bounded in time: a run's final accounting and its cleanup must
// end within their budgets however many keys there are. A hand-written cursor loop rather than
// ioredis scanStream, because only the cursor says whether a scan cut short by its budget had
// in fact already finished.
import type { Redis } from 'ioredis';

export interface ScanOptions {
  /** Stop asking for more once this many ms have passed (unlimited when omitted). */
  budgetMs?: number;
  /** The COUNT hint per SCAN call. */
  count?: number;
}

export interface ScannedKeys {
  /** Each key once (SCAN may return a key more than once). */
  keys: string[];
  /** True when the cursor came back to 0: every key present throughout the scan was seen. */
  complete: boolean;
}

export interface DeletedKeys {
  deleted: number;
  complete: boolean;
}

const DEFAULT_COUNT = 1000;

/** Escapes glob metacharacters, so a prefix matches only itself in SCAN's MATCH. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

async function scanBatches(
  redis: Redis,
  prefix: string,
  options: ScanOptions,
  onBatch: (keys: string[]) => Promise<void> | void,
): Promise<boolean> {
  const deadline = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  const match = `${globEscape(prefix)}*`;
  const count = options.count ?? DEFAULT_COUNT;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', count);
    if (batch.length > 0) await onBatch(batch);
    cursor = next;
  } while (cursor !== '0' && performance.now() < deadline);
  return cursor === '0';
}

/** The keys that start with `prefix`, and whether the scan got through them all in time. */
export async function scanKeys(
  redis: Redis,
  prefix: string,
  options: ScanOptions = {},
): Promise<ScannedKeys> {
  const seen = new Set<string>();
  const complete = await scanBatches(redis, prefix, options, (batch) => {
    for (const key of batch) seen.add(key);
  });
  return { keys: [...seen], complete };
}

/** Unlinks every key that starts with `prefix`; `deleted` is what Redis says it removed. */
export async function deletePrefix(
  redis: Redis,
  prefix: string,
  options: ScanOptions = {},
): Promise<DeletedKeys> {
  let deleted = 0;
  const complete = await scanBatches(redis, prefix, options, async (batch) => {
    deleted += await redis.unlink(...batch);
  });
  return { deleted, complete };
}
