// Grows the board fast on the live Redis, without and with a SQLite index, and measures the
// same queries in both stores as it grows.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  framesBetween,
  runScenario,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import type { LeaderboardParams } from './params.ts';
import scenario from './scenario.ts';

const DURATION_SEC = 4;
const base: Partial<LeaderboardParams> = {
  initialPlayers: 1000,
  newPlayersPerSec: 20_000,
  scoreEventsPerSec: 1000,
  queriesPerSec: 10,
};

/** The median of a latency key's per-frame p50 between two moments. */
function median(run: FinishedRunView, key: string, fromMs: number, toMs: number): number {
  const values = framesBetween(run, fromMs, toMs)
    .map((f) => f.values[`${key}.p50`])
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  if (values.length === 0) throw new Error(`no ${key} between ${fromMs} and ${toMs} ms`);
  return values[Math.floor(values.length / 2)] as number;
}

describe('leaderboard on the live Redis', () => {
  let plain: FinishedRunView;
  let indexed: FinishedRunView;
  const early = [0, 1000] as const;
  const late = [DURATION_SEC * 1000 - 1200, DURATION_SEC * 1000] as const;

  beforeAll(async () => {
    [plain, indexed] = await Promise.all([
      runScenario(scenario, { params: base, durationSec: DURATION_SEC }),
      runScenario(scenario, { params: { ...base, sqlIndex: true }, durationSec: DURATION_SEC }),
    ]);
  });

  it('agrees with the clients’ tally and with SQLite at the end', () => {
    for (const run of [plain, indexed]) {
      expect(run.state, run.error).toBe('completed');
      for (const check of run.checks)
        expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
      expect(run.facts.redisTop).toBe(run.facts.tallyTop);
      expect(String(run.facts.redisTop).split(',')).toHaveLength(10);
      expect(run.facts.playersAdded).toBeGreaterThan(50_000);
    }
    expect(checkOf(plain, 'ranks-agree-with-sqlite').detail).toMatch(/^50 of 50/);
  });

  it('without an index, SQLite’s top N and rank grow with the board while Redis’s stay flat', () => {
    const sqlEarly = median(plain, 'topN.sql', ...early);
    const sqlLate = median(plain, 'topN.sql', ...late);
    expect(sqlLate).toBeGreaterThan(sqlEarly * 2.5);
    // Slower than Redis by the end, however busy the machine: a late SQLite scan blocks the one
    // event loop both runs share, which also delays the Redis replies timed on it, so the two
    // are compared by their growth rather than held to a fixed ratio of each other.
    const redisLate = median(plain, 'topN.redis', ...late);
    expect(sqlLate).toBeGreaterThan(redisLate);
    expect(sqlLate / sqlEarly).toBeGreaterThan(
      (redisLate / median(plain, 'topN.redis', ...early)) * 1.5,
    );
    expect(median(plain, 'rank.sql', ...late)).toBeGreaterThan(
      median(plain, 'rank.sql', ...early) * 2,
    );
    // Flat: the board grew many times over and Redis's reads did not grow with it. Held against
    // its own early reads rather than a fixed bound: with both runs loading one event loop and
    // every command through the run's fault link, a busy machine adds a millisecond to each.
    for (const key of ['topN.redis', 'rank.redis']) {
      expect(median(plain, key, ...late), key).toBeLessThan(median(plain, key, ...early) * 2 + 1);
    }
  });

  it('with an index, SQLite’s top N stays flat but its rank still counts everyone ahead', () => {
    const topLate = median(indexed, 'topN.sql', ...late);
    expect(topLate).toBeLessThan(0.5);
    expect(topLate).toBeLessThan(median(plain, 'topN.sql', ...late) / 5);
    // A rank still walks the index past everyone ahead, so it grows with the board (its own
    // early reads are the yardstick: a busy machine's fixed cost lifts the top N reads too).
    expect(median(indexed, 'rank.sql', ...late)).toBeGreaterThan(
      median(indexed, 'rank.sql', ...early) * 2,
    );
  });

  it('leaves no key behind', async () => {
    await expectGoneFromBrokers(plain);
    await expectGoneFromBrokers(indexed);
  });
});
