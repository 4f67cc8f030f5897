// Each check on made-up numbers: it fails when Redis disagrees with the tally or SQLite, and
// says not applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { leaderboardChecks } from './checks.ts';
import type { LeaderboardParams } from './params.ts';

const params: LeaderboardParams = {
  initialPlayers: 1000,
  newPlayersPerSec: 20_000,
  maxPlayers: 300_000,
  scoreEventsPerSec: 1000,
  queriesPerSec: 5,
  topN: 3,
  sqlIndex: false,
  seed: 42,
};

function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
): FinishedRun<LeaderboardParams> {
  return {
    params,
    summary: { updates: 3000, ...summary },
    facts: {
      redisTop: 'p0000005:90,p0000002:90,p0000009:80',
      tallyTop: 'p0000005:90,p0000002:90,p0000009:80',
      playersAdded: 61_000,
      redisPlayers: 61_000,
      sqlPlayers: 61_000,
      ranksSampled: 50,
      ranksDiffering: 0,
      ...facts,
    },
    durationMs: 3000,
  };
}

const status = (id: string, r: FinishedRun<LeaderboardParams>): string => {
  const check = leaderboardChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('leaderboard checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of leaderboardChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('top-n-matches-tally fails on another order, score or player', () => {
    expect(
      status('top-n-matches-tally', run({ redisTop: 'p0000002:90,p0000005:90,p0000009:80' })),
    ).toBe('failed');
    expect(
      status('top-n-matches-tally', run({ redisTop: 'p0000005:90,p0000002:89,p0000009:80' })),
    ).toBe('failed');
    expect(status('top-n-matches-tally', run({ redisTop: 'p0000005:90,p0000002:90' }))).toBe(
      'failed',
    );
    expect(status('top-n-matches-tally', run({}, { updates: 0 }))).toBe('not-applicable');
    expect(status('top-n-matches-tally', run({ redisTop: 0 }))).toBe('failed');
  });

  it('ranks-agree-with-sqlite fails when a sampled rank differs', () => {
    expect(
      status('ranks-agree-with-sqlite', run({ ranksDiffering: 1, firstDifferingRank: 'p0000001' })),
    ).toBe('failed');
    expect(status('ranks-agree-with-sqlite', run({ ranksSampled: 0 }))).toBe('not-applicable');
  });

  it('every-player-on-the-board fails when either store holds another count', () => {
    expect(status('every-player-on-the-board', run({ redisPlayers: 60_999 }))).toBe('failed');
    expect(status('every-player-on-the-board', run({ sqlPlayers: 61_001 }))).toBe('failed');
  });
});
