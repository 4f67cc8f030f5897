import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import rebalancing from './scenario.ts';

// 6 partitions, 3 members, a fourth joins at 3 s: both assignors end at 2,2,1,1. The sticky
// uniform assignor moves one partition to the newcomer; range, which sorts members by id, moves
// one to four depending on where the newcomer's id sorts.
const joinAt3s = async (protocol: 'eager' | 'consumer'): Promise<FinishedRunView> => {
  const run = await runScenario(rebalancing, {
    durationSec: 6,
    params: { protocol, partitions: 6, consumers: 3, producePerSec: 200, processingMs: 5 },
    onStart: (r) => setTimeout(() => r.updateParams({ consumers: 4 }), 3000),
  });
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('completed');
  for (const id of ['assignment-matches-broker', 'commits-match-progress']) {
    const check = checkOf(run, id);
    expect(check.status, `${id}: ${check.detail}`).toBe('passed');
  }
  expect(summaryOf(run, 'members')).toBe(4);
  expect(Object.keys(run.frames.at(-1)?.values ?? {})).toContain('consumed.rate');
  await expectGoneFromBrokers(run);
  return run;
};

describe('rebalancing on Kafka', () => {
  let eagerPause = Number.NaN;

  it('eager: a join makes every member give up every partition, and the group stops', async () => {
    const run = await joinAt3s('eager');
    // All six given up, however few move.
    expect(summaryOf(run, 'partitionsRevoked')).toBe(6);
    expect(summaryOf(run, 'partitionsMoved')).toBeGreaterThanOrEqual(1);
    expect(summaryOf(run, 'partitionsMoved')).toBeLessThanOrEqual(6);
    // Each of the three members stopped, from giving everything up to its next record.
    expect(summaryOf(run, 'pauseMs.count')).toBe(3);
    eagerPause = summaryOf(run, 'pauseMs.max');
    expect(eagerPause).toBeGreaterThan(0);
  }, 20_000);

  it('consumer protocol: only the partitions that move are given up, and the group keeps going', async () => {
    const run = await joinAt3s('consumer');
    expect(summaryOf(run, 'partitionsMoved')).toBe(1);
    expect(summaryOf(run, 'partitionsRevoked')).toBe(1);
    // Nobody was left with nothing, so no member ever stopped: no pause was recorded at all.
    expect(run.summary['pauseMs.count'] ?? 0).toBe(0);
    expect(eagerPause).toBeGreaterThan(0);
  }, 20_000);
});
