import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { consumerGroupLagChecks } from './checks.ts';
import { factKeys } from './facts.ts';
import type { ConsumerGroupLagParams } from './params.ts';

const params: ConsumerGroupLagParams = {
  partitions: 2,
  producePerSec: 100,
  consumers: 2,
  processingMs: 20,
};

/** A finished run with these per-partition facts (and their sums where the checks read them). */
function finished(
  perPartition: {
    acked?: number[];
    logEnd?: number[];
    membersNext?: number[];
    committed?: number[];
  },
  summary: Record<string, number> = {},
  p: Partial<ConsumerGroupLagParams> = {},
): FinishedRun<ConsumerGroupLagParams> {
  const facts: RunFacts = {};
  const put = (key: (n: number) => string, values: number[] | undefined): void =>
    values?.forEach((v, n) => (facts[key(n)] = v));
  put(factKeys.producerAcked, perPartition.acked);
  put(factKeys.brokerLogEnd, perPartition.logEnd);
  put(factKeys.membersNext, perPartition.membersNext);
  put(factKeys.brokerCommitted, perPartition.committed);
  if (perPartition.logEnd) facts.brokerLogEnd = perPartition.logEnd.reduce((a, b) => a + b, 0);
  return { params: { ...params, ...p }, summary, facts, durationMs: 6000 };
}

const evaluate = (id: string, run: FinishedRun<ConsumerGroupLagParams>): string => {
  const check = consumerGroupLagChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('consumer-group-lag checks', () => {
  it("lag-matches-broker fails when the members' progress and Kafka's commits differ", () => {
    const agree = finished({ membersNext: [120, 97], committed: [120, 97] }, { consumed: 217 });
    expect(evaluate('lag-matches-broker', agree)).toBe('passed');
    const behind = finished({ membersNext: [120, 97], committed: [120, 96] }, { consumed: 217 });
    expect(evaluate('lag-matches-broker', behind)).toBe('failed');
    // Members that processed records Kafka never saw committed.
    const uncommitted = finished({ membersNext: [3, 0], committed: [-1, -1] }, { consumed: 3 });
    expect(evaluate('lag-matches-broker', uncommitted)).toBe('failed');
    expect(evaluate('lag-matches-broker', finished({}, { consumed: 3 }))).toBe('failed');
    const idleGroup = finished({ membersNext: [0, 0], committed: [-1, -1] }, { consumed: 0 });
    expect(evaluate('lag-matches-broker', idleGroup)).toBe('not-applicable');
  });

  it('log-holds-what-was-produced fails on a total or a single partition that differs', () => {
    const agree = finished({ acked: [10, 5], logEnd: [10, 5] }, { produced: 15 });
    expect(evaluate('log-holds-what-was-produced', agree)).toBe('passed');
    const lost = finished({ acked: [10, 5], logEnd: [10, 4] }, { produced: 15 });
    expect(evaluate('log-holds-what-was-produced', lost)).toBe('failed');
    const misplaced = finished({ acked: [10, 5], logEnd: [11, 4] }, { produced: 15 });
    expect(evaluate('log-holds-what-was-produced', misplaced)).toBe('failed');
    const empty = finished({ acked: [0, 0], logEnd: [0, 0] }, { produced: 0 });
    expect(evaluate('log-holds-what-was-produced', empty)).toBe('not-applicable');
    const unseen = finished({ acked: [0, 0], logEnd: [3, 0] }, { produced: 0 });
    expect(evaluate('log-holds-what-was-produced', unseen)).toBe('failed');
  });

  it('idle-members applies only with more consumers than partitions', () => {
    const fits = finished({}, { idleConsumers: 0 }, { consumers: 2, partitions: 2 });
    expect(evaluate('idle-members', fits)).toBe('not-applicable');
    const right = finished({}, { idleConsumers: 1 }, { consumers: 3, partitions: 2 });
    expect(evaluate('idle-members', right)).toBe('passed');
    const wrong = finished({}, { idleConsumers: 0 }, { consumers: 3, partitions: 2 });
    expect(evaluate('idle-members', wrong)).toBe('failed');
  });
});
