// Counts per key (an account's balance, a window's errors) kept by one side of a check: what the
// clients tallied as Kafka acknowledged it, and what a fresh read of a topic adds up to. A run
// records each side's digest as a fact, so the check compares the two whole tallies however many
// keys they hold, and a short description of the first difference to show why one failed.
import { createHash } from 'node:crypto';

export type Tally = Map<string, number>;

/** Adds `n` to `key` (creating it at 0). */
export function bump(tally: Tally, key: string, n = 1): void {
  tally.set(key, (tally.get(key) ?? 0) + n);
}

/** A key at 0 and a missing key are the same count. */
const entries = (tally: ReadonlyMap<string, number>): [string, number][] =>
  [...tally].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Equal for equal tallies, whatever order the keys were added in. */
export function tallyDigest(tally: ReadonlyMap<string, number>): string {
  const hash = createHash('sha256');
  for (const [key, n] of entries(tally)) hash.update(`${key}=${n}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** The sum of every count. */
export function tallyTotal(tally: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of tally.values()) total += n;
  return total;
}

/** "acct-7: view 120, ledger 100 (3 keys differ)"; undefined when the tallies agree. */
export function firstDifference(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  [aName, bName]: readonly [string, string],
): string | undefined {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differing = keys.filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0));
  const first = differing[0];
  if (first === undefined) return undefined;
  const more = differing.length > 1 ? ` (${differing.length} keys differ)` : '';
  return `${first}: ${aName} ${a.get(first) ?? 0}, ${bName} ${b.get(first) ?? 0}${more}`;
}
