// Each check on made-up numbers: it fails when user-service's or auth-service's own counts
// disagree with what the callers sent and saw, and is not applicable when nothing was sent.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { serviceAuthChecks } from './checks.ts';
import type { ServiceAuthParams } from './params.ts';

const params: ServiceAuthParams = {
  callsPerSec: 100,
  callers: 2,
  forgedPerSec: 5,
  expiredPerSec: 5,
  wrongAudiencePerSec: 5,
  rotateEveryMs: 2000,
  tokenTtlSec: 3,
};

function run(facts: RunFacts = {}): FinishedRun<ServiceAuthParams> {
  return {
    params,
    summary: {},
    facts: {
      'sent.forged': 40,
      'sent.expired': 25,
      'sent.audience': 40,
      'targetRefused.forged': 40,
      'targetRefused.expired': 25,
      'targetRefused.audience': 40,
      'targetRefused.missing': 0,
      acceptedBad: 0,
      unanswered: 0,
      legitSent: 800,
      legitRefused: 0,
      legitOther: 0,
      target200: 800,
      kidChanges: 4,
      authRotations: 4,
      rotateCalls: 4,
      ...facts,
    },
    durationMs: 10000,
  };
}

const status = (id: string, r: FinishedRun<ServiceAuthParams>): string => {
  const check = serviceAuthChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('service-auth checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of serviceAuthChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when a bad token was let through, or refused for another reason', () => {
    const id = 'refusals-equal-bad-calls';
    // One forged token accepted.
    expect(status(id, run({ 'targetRefused.forged': 39, acceptedBad: 1 }))).toBe('failed');
    // An expired token refused as forged (its key already gone from the JWKS).
    expect(status(id, run({ 'targetRefused.forged': 41, 'targetRefused.expired': 24 }))).toBe(
      'failed',
    );
    // A legitimate call refused for a key the verifier did not know yet.
    expect(status(id, run({ 'targetRefused.forged': 41 }))).toBe('failed');
    expect(status(id, run({ 'targetRefused.missing': 1 }))).toBe('failed');
  });

  it('fail when a legitimate call was refused or not answered', () => {
    const id = 'no-legitimate-call-refused';
    expect(status(id, run({ legitRefused: 1 }))).toBe('failed');
    expect(status(id, run({ target200: 799 }))).toBe('failed');
  });

  it('fail when the callers missed a rotation or saw one auth-service did not make', () => {
    const id = 'rotations-seen-by-callers';
    expect(status(id, run({ kidChanges: 3 }))).toBe('failed');
    expect(status(id, run({ kidChanges: 5 }))).toBe('failed');
  });

  it('are not applicable when nothing was sent and nothing rotated', () => {
    const idle = run({
      'sent.forged': 0,
      'sent.expired': 0,
      'sent.audience': 0,
      'targetRefused.forged': 0,
      'targetRefused.expired': 0,
      'targetRefused.audience': 0,
      legitSent: 0,
      target200: 0,
      kidChanges: 0,
      authRotations: 0,
    });
    for (const check of serviceAuthChecks) {
      expect(status(check.id, idle), check.id).toBe('not-applicable');
    }
  });

  it('fail, not pass, when the run ended before the final count', () => {
    const early: FinishedRun<ServiceAuthParams> = { ...run(), facts: {} };
    for (const check of serviceAuthChecks) expect(status(check.id, early), check.id).toBe('failed');
  });
});
