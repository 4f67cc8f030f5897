// Each check on made-up numbers: it fails when the app's record and Redis disagree, and says
// not applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { sessionsChecks } from './checks.ts';
import type { SessionsParams } from './params.ts';

const params: SessionsParams = {
  instances: 3,
  loginsPerSec: 20,
  sessionTtlSec: 2,
  thinkMs: 300,
  pagesPerVisit: 4,
  logoutShare: 0.5,
  seed: 42,
};

function run(facts: RunFacts = {}, p: Partial<SessionsParams> = {}): FinishedRun<SessionsParams> {
  return {
    params: { ...params, ...p },
    summary: { handoffs: 200, logins: 100 },
    facts: {
      unexpectedLosses: 0,
      viewMismatches: 0,
      activeJudged: 40,
      activeFound: 40,
      instancesAgreed: 40,
      endedJudged: 50,
      loggedOutJudged: 30,
      endedStillThere: 0,
      idledJudged: 40,
      idledStillThere: 0,
      ...facts,
    },
    durationMs: 5000,
  };
}

const status = (id: string, r: FinishedRun<SessionsParams>): string => {
  const check = sessionsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('sessions checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of sessionsChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('active-sessions-exist fails on a missing session or a premature loss', () => {
    expect(status('active-sessions-exist', run({ activeFound: 39 }))).toBe('failed');
    expect(status('active-sessions-exist', run({ unexpectedLosses: 1 }))).toBe('failed');
    expect(status('active-sessions-exist', run({ activeJudged: 0, activeFound: 0 }))).toBe(
      'not-applicable',
    );
    expect(status('active-sessions-exist', run({ activeFound: 'x' }))).toBe('failed');
  });

  it('ended-sessions-gone fails when an ended or idled session is still in Redis', () => {
    expect(status('ended-sessions-gone', run({ endedStillThere: 1 }))).toBe('failed');
    expect(status('ended-sessions-gone', run({ idledStillThere: 1 }))).toBe('failed');
    expect(status('ended-sessions-gone', run({ endedJudged: 0, idledJudged: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('instances-read-the-same-session fails when an instance reads another session', () => {
    expect(status('instances-read-the-same-session', run({ instancesAgreed: 39 }))).toBe('failed');
    expect(status('instances-read-the-same-session', run({ viewMismatches: 2 }))).toBe('failed');
    expect(status('instances-read-the-same-session', run({}, { instances: 1 }))).toBe(
      'not-applicable',
    );
  });
});
