// How long a new version takes to reach every edge. nginx's open-source build has no purge, so
// a new version at the origin spreads only as entries expire: the shield's first, then each
// edge's. After each new version, every edge is probed for one URL until it answers with it.

export interface Spread {
  version: number;
  /** ms (performance.now()) when the origin began to serve it. */
  publishedAt: number;
  /** Per edge (index 0 = edge 1): ms from publication to its first answer carrying it. */
  reached: (number | undefined)[];
}

export function startSpread(version: number, publishedAt: number, edges: number): Spread {
  return { version, publishedAt, reached: Array.from({ length: edges }, () => undefined) };
}

/** Records an answer edge `index` gave at `at`; true when it was the edge's first with the version. */
export function observe(
  spread: Spread,
  index: number,
  version: number | undefined,
  at: number,
): boolean {
  if (version === undefined || version < spread.version || spread.reached[index] !== undefined) {
    return false;
  }
  spread.reached[index] = at - spread.publishedAt;
  return true;
}

export function complete(spread: Spread): boolean {
  return spread.reached.every((ms) => ms !== undefined);
}

/** Until the last edge served it; undefined while one has not. */
export function spreadMs(spread: Spread): number | undefined {
  return complete(spread) ? Math.max(...(spread.reached as number[])) : undefined;
}

/**
 * The longest a spread can take: the shield may have refreshed its entry just before the new
 * version, and keeps it a shield TTL; an edge may have refreshed just before the shield's new
 * entry, and keeps it an edge TTL. nginx counts validity in whole seconds, so each can live up
 * to a second longer; the trips and the probe interval add a little.
 */
export function spreadBoundMs(edgeTtlSec: number, shieldTtlSec: number, slackMs: number): number {
  return (edgeTtlSec + 1 + shieldTtlSec + 1) * 1000 + slackMs;
}
