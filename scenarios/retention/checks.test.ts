import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { retentionChecks } from './checks.ts';
import { jumpFact } from './facts.ts';
import type { RetentionParams } from './params.ts';

const params: RetentionParams = {
  producePerSec: 200,
  consumerPerSec: 20,
  segmentMs: 500,
  retentionMs: 1000,
  retentionBytes: 0,
  reset: 'earliest',
};

interface JumpFacts {
  from: number;
  landed: number;
  committedBefore: number;
  consumedSince: number;
  /** Defaults to consumedSince: the commit read took no time. */
  consumedSinceAnswer?: number;
}

function finished(
  facts: RunFacts,
  summary: Record<string, number>,
  jumps: JumpFacts[] = [],
  p: Partial<RetentionParams> = {},
): FinishedRun<RetentionParams> {
  const all: RunFacts = { jumps: jumps.length, logStartsSeen: '0,100,300', ...facts };
  jumps.forEach((j, n) => {
    const i = n + 1;
    all[jumpFact.from(i)] = j.from;
    all[jumpFact.landed(i)] = j.landed;
    all[jumpFact.committedBefore(i)] = j.committedBefore;
    all[jumpFact.consumedSince(i)] = j.consumedSince;
    all[jumpFact.consumedSinceAnswer(i)] = j.consumedSinceAnswer ?? j.consumedSince;
    all[jumpFact.committedAt(i)] = -2;
    all[jumpFact.logEndBefore(i)] = 700;
    all[jumpFact.logEndAt(i)] = 720;
  });
  return { params: { ...params, ...p }, summary, facts: all, durationMs: 7000 };
}

const evaluate = (id: string, run: FinishedRun<RetentionParams>): string => {
  const check = retentionChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('retention checks', () => {
  it('log-end-matches-producer fails when Kafka holds more or fewer than were acknowledged', () => {
    const ok = finished({ producerAcked: 700, brokerLogEnd: 700 }, { produced: 700 });
    expect(evaluate('log-end-matches-producer', ok)).toBe('passed');
    const lost = finished({ producerAcked: 700, brokerLogEnd: 699 }, { produced: 700 });
    expect(evaluate('log-end-matches-producer', lost)).toBe('failed');
    expect(evaluate('log-end-matches-producer', finished({}, {}))).toBe('failed');
    const none = finished({ producerAcked: 0, brokerLogEnd: 0 }, { produced: 0 });
    expect(evaluate('log-end-matches-producer', none)).toBe('not-applicable');
  });

  it('skipped-equals-gap fails when a jump does not match what Kafka reported', () => {
    const jump = { from: 90, landed: 300, committedBefore: 85, consumedSince: 5 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 210 }, [jump]))).toBe('passed');
    // Skipped counted wrong.
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 200 }, [jump]))).toBe('failed');
    // Landed on an offset that was never a log start.
    const offStart = { ...jump, landed: 250 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 160 }, [offStart]))).toBe(
      'failed',
    );
    // The consumer's position disagrees with Kafka's commits (records lost without a reset).
    const adrift = { ...jump, committedBefore: 60 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 210 }, [adrift]))).toBe('failed');
    // Two records processed while Kafka answered the commit read: the commit lies in that range.
    const slowRead = { ...jump, committedBefore: 87, consumedSince: 5, consumedSinceAnswer: 3 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 210 }, [slowRead]))).toBe(
      'passed',
    );
    // Outside it by more than the one record a commit straddles.
    const past = { ...slowRead, committedBefore: 90 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 210 }, [past]))).toBe('failed');
    // latest: must land within the log end Kafka reported around the jump.
    const late = { ...jump, landed: 710 };
    const latest = { reset: 'latest' as const };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 620 }, [late], latest))).toBe(
      'passed',
    );
    const early = { ...jump, landed: 650 };
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 560 }, [early], latest))).toBe(
      'failed',
    );
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 0 }))).toBe('not-applicable');
    expect(evaluate('skipped-equals-gap', finished({}, { skipped: 5 }))).toBe('failed');
  });

  it('retention-by-age fails when young records were deleted or old ones kept', () => {
    const base = { brokerLogStart: 300, finalAtMs: 7000 };
    const ok = finished(
      { ...base, newestDeletedWrittenAfterMs: 5500, oldestKeptWrittenByMs: 5800 },
      {},
    );
    expect(evaluate('retention-by-age', ok)).toBe('passed');
    const young = finished(
      { ...base, newestDeletedWrittenAfterMs: 6500, oldestKeptWrittenByMs: 6600 },
      {},
    );
    expect(evaluate('retention-by-age', young)).toBe('failed');
    const kept = finished({ brokerLogStart: 0, finalAtMs: 9000, oldestKeptWrittenByMs: 100 }, {});
    expect(evaluate('retention-by-age', kept)).toBe('failed');
    const early = finished({ brokerLogStart: 0, finalAtMs: 3000, oldestKeptWrittenByMs: 100 }, {});
    expect(evaluate('retention-by-age', early)).toBe('not-applicable');
    const bytes = finished({ ...base }, {}, [], { retentionBytes: 20000 });
    expect(evaluate('retention-by-age', bytes)).toBe('not-applicable');
  });
});
