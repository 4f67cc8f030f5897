// Each check on made-up numbers: it fails when the clients' count and the broker's disagree,
// and is not applicable, never passed, when nothing happened for it to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun } from '../src/sdk/contract.ts';
import { accessControlChecks } from './checks.ts';
import type { AccessControlParams } from './params.ts';

const params: AccessControlParams = {
  writesPerSec: 20,
  snoopsPerSec: 2,
  badLoginsPerSec: 1,
  grantPayroll: false,
};

function finished(summary: Record<string, number>, facts: Record<string, number>) {
  const run: FinishedRun<AccessControlParams> = { params, summary, facts, durationMs: 5_000 };
  return run;
}

const consistent = finished(
  { allowed: 60, consumed: 60, denied: 8, authFailures: 4 },
  { ordersEnd: 60, deniedLines: 8, authFailureLines: 4 },
);

function statusOfCheck(id: string, run: FinishedRun<AccessControlParams>) {
  const check = accessControlChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
}

describe('kafka-access-control checks', () => {
  it('pass when the clients and the broker agree', () => {
    for (const check of accessControlChecks) {
      expect(statusOfCheck(check.id, consistent), check.id).toBe('passed');
    }
  });

  it.each([
    ['allowed-writes-in-the-log', { allowed: 61 }, {}],
    ['bob-read-every-order', { consumed: 59 }, {}],
    ['refusals-match-authorizer-log', {}, { deniedLines: 9 }],
    ['refusals-match-authorizer-log', { denied: 7 }, {}],
    ['bad-logins-match-server-log', {}, { authFailureLines: 3 }],
  ])('%s fails on mismatching numbers', (id, summary, facts) => {
    const run = finished({ ...consistent.summary, ...summary }, { ...consistent.facts, ...facts });
    expect(statusOfCheck(id, run)).toBe('failed');
  });

  it('are not applicable when nothing was refused or written', () => {
    const quiet = finished(
      { allowed: 0, consumed: 0, denied: 0, authFailures: 0 },
      { ordersEnd: 0, deniedLines: 0, authFailureLines: 0 },
    );
    for (const check of accessControlChecks) {
      expect(statusOfCheck(check.id, quiet), check.id).toBe('not-applicable');
    }
  });
});
