// The two sides of the compaction checks: what the producer last wrote per key (as Kafka
// acknowledged it), and what a full read of the topic holds, reduced per key as a consumer
// rebuilding a table would. Digests let a run record whole states as facts.
import { createHash } from 'node:crypto';

/** A key's value, or null for a tombstone (the key deleted). */
export type KeyState = Map<string, string | null>;

/** Records at this key only close the active segment at the end; the checks leave them out. */
export const ROLL_KEY = '~roll';

export interface ReadSummary {
  /** Records read, the roll marker left out. */
  records: number;
  tombstones: number;
  distinctKeys: number;
  /** Records beyond the first for each key: what compaction has yet to remove. */
  duplicates: number;
  /** The last record per key, in offset order: the table a consumer rebuilds. */
  latest: KeyState;
}

export function summarize(records: readonly { key: string; value: string | null }[]): ReadSummary {
  const latest: KeyState = new Map();
  let tombstones = 0;
  let count = 0;
  for (const r of records) {
    if (r.key === ROLL_KEY) continue;
    count++;
    if (r.value === null) tombstones++;
    latest.set(r.key, r.value);
  }
  return {
    records: count,
    tombstones,
    distinctKeys: latest.size,
    duplicates: count - latest.size,
    latest,
  };
}

/** The live keys (tombstones and deleted keys dropped) and their values. */
export function liveDigest(state: KeyState): { live: number; digest: string } {
  const live = [...state].filter((e): e is [string, string] => e[1] !== null).sort();
  const hash = createHash('sha256');
  for (const [k, v] of live) hash.update(`${k}=${v}\n`);
  return { live: live.length, digest: hash.digest('hex').slice(0, 16) };
}
