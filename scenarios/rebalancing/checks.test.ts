import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { rebalancingChecks } from './checks.ts';
import { factKeys } from './facts.ts';
import type { RebalancingParams } from './params.ts';
import { RebalanceWindow, settled } from './rebalance-window.ts';

const params: RebalancingParams = {
  protocol: 'consumer',
  partitions: 2,
  consumers: 2,
  crashed: 0,
  producePerSec: 100,
  processingMs: 5,
};

const finished = (
  facts: RunFacts,
  summary: Record<string, number> = { consumed: 10 },
): FinishedRun<RebalancingParams> => ({ params, summary, facts, durationMs: 6000 });

const evaluate = (id: string, run: FinishedRun<RebalancingParams>): string => {
  const check = rebalancingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

const assignment = (
  members: string,
  broker: string | undefined,
  more: RunFacts = {},
): RunFacts => ({
  [factKeys.membersAssignment]: members,
  ...(broker === undefined ? {} : { [factKeys.brokerAssignment]: broker }),
  [factKeys.brokerStable]: true,
  [factKeys.brokerListsCrashed]: 0,
  ...more,
});

const commits = (next: number[], committed: number[], more: RunFacts = {}): RunFacts => {
  const facts: RunFacts = { ...more };
  next.forEach((v, n) => (facts[factKeys.membersNext(n)] = v));
  committed.forEach((v, n) => (facts[factKeys.brokerCommitted(n)] = v));
  return facts;
};

describe('rebalancing checks', () => {
  it('assignment-matches-broker fails when the members and the coordinator disagree', () => {
    expect(
      evaluate('assignment-matches-broker', finished(assignment('c1→0 c2→1', 'c1→0 c2→1'))),
    ).toBe('passed');
    expect(
      evaluate('assignment-matches-broker', finished(assignment('c1→0 c2→1', 'c1→0,1 c2→'))),
    ).toBe('failed');
    expect(
      evaluate('assignment-matches-broker', finished(assignment('c1→0 c2→1', undefined))),
    ).toBe('failed');
    const moving = assignment('c1→0 c2→1', 'c1→0 c2→1', { [factKeys.brokerStable]: false });
    expect(evaluate('assignment-matches-broker', finished(moving))).toBe('failed');
    expect(evaluate('assignment-matches-broker', finished({}))).toBe('failed');
    expect(evaluate('assignment-matches-broker', finished(assignment('', '')))).toBe(
      'not-applicable',
    );
    const pending = assignment('c1→0,1', 'c1→0 unknown(ab12cd34)→1', {
      [factKeys.brokerListsCrashed]: 1,
    });
    expect(evaluate('assignment-matches-broker', finished(pending))).toBe('not-applicable');
  });

  it('commits-match-progress fails when a partition was committed short of or past the members', () => {
    expect(evaluate('commits-match-progress', finished(commits([10, 7], [10, 7])))).toBe('passed');
    expect(evaluate('commits-match-progress', finished(commits([10, 7], [10, 6])))).toBe('failed');
    expect(evaluate('commits-match-progress', finished(commits([10, 7], [11, 7])))).toBe('failed');
    expect(evaluate('commits-match-progress', finished(commits([3, 0], [-1, -1])))).toBe('failed');
    expect(evaluate('commits-match-progress', finished(commits([10], [10])))).toBe('failed');
    const idle = finished(commits([0, 0], [-1, -1]), { consumed: 0 });
    expect(evaluate('commits-match-progress', idle)).toBe('not-applicable');
    const crashed = commits([10, 7], [10, 5], { [factKeys.brokerListsCrashed]: 1 });
    expect(evaluate('commits-match-progress', finished(crashed))).toBe('not-applicable');
  });
});

describe('RebalanceWindow', () => {
  it('counts what moved once the assignment is balanced and consumption resumes', () => {
    const closed: { moved: number; forming: boolean; gap: number }[] = [];
    let opened = 0;
    const w = new RebalanceWindow(
      4,
      () => opened++,
      (o) => closed.push({ moved: o.moved, forming: o.forming, gap: o.groupGapMs }),
    );
    w.assigned([{ name: 'consumer-1', partitions: [0, 1, 2, 3] }], 0);
    w.consumed(10);
    expect(closed).toEqual([{ moved: 4, forming: true, gap: 10 }]);
    w.begin('consumer-2 joined', 100);
    // One member holding everything while the other has nothing is not the end of it.
    w.assigned(
      [
        { name: 'consumer-1', partitions: [0, 1, 2, 3] },
        { name: 'consumer-2', partitions: [] },
      ],
      150,
    );
    w.consumed(160);
    expect(closed).toHaveLength(1);
    w.assigned(
      [
        { name: 'consumer-1', partitions: [0, 1] },
        { name: 'consumer-2', partitions: [2, 3] },
      ],
      900,
    );
    w.consumed(1000);
    expect(opened).toBe(2);
    expect(closed[1]).toEqual({ moved: 2, forming: false, gap: 840 });
  });

  it('settled needs one owner per partition and shares within one of each other', () => {
    expect(
      settled(
        [
          { name: 'a', partitions: [0, 1, 2] },
          { name: 'b', partitions: [] },
        ],
        3,
      ),
    ).toBe(false);
    expect(
      settled(
        [
          { name: 'a', partitions: [0, 1] },
          { name: 'b', partitions: [2] },
        ],
        3,
      ),
    ).toBe(true);
    expect(
      settled(
        [
          { name: 'a', partitions: [0, 1] },
          { name: 'b', partitions: undefined },
        ],
        2,
      ),
    ).toBe(false);
  });
});
