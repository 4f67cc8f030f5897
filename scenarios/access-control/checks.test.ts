// Each check on made-up numbers: it fails when the clients and the server disagree, and says
// not applicable, never passed, when the run gave it nothing to judge.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { accessControlChecks } from './checks.ts';
import { accessControlParams } from './params.ts';
import type { AccessControlParams } from './params.ts';

const params = Value.Default(accessControlParams, {}) as AccessControlParams;

/** A consistent run: 900 requests, 800 ran; 60 NOPERM, 5 WRONGPASS, 5 NOAUTH. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<AccessControlParams> {
  return {
    params,
    summary: {
      requests: 900,
      logins: 10,
      allowed: 800,
      intruderIn: 0,
      'denied.command': 20,
      'denied.key': 25,
      'denied.channel': 15,
      'denied.auth': 5,
      'denied.noauth': 5,
      ...summary,
    },
    facts: {
      'aclLog.command': 20,
      'aclLog.key': 25,
      'aclLog.channel': 15,
      'aclLog.auth': 5,
      aclLogEntries: 12,
      aclLogMax: 1000,
      aclLogUsers: 'app 62, default 3',
      serverCalls: 800,
      'errorstat.NOPERM': 60,
      'errorstat.WRONGPASS': 5,
      'errorstat.NOAUTH': 5,
      billingChanged: 0,
      foreignWriteAttempts: 12,
      foreignKeysWritten: 0,
      ...facts,
    },
    durationMs: 3000,
  };
}

const status = (id: string, r: FinishedRun<AccessControlParams>): string => {
  const check = accessControlChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('access-control checks', () => {
  it('pass on consistent numbers', () => {
    for (const c of accessControlChecks) expect(status(c.id, run()), c.id).toBe('passed');
    expect(
      status('billing-keys-fresh-read', run({}, { billingChanged: 4, foreignKeysWritten: 4 })),
    ).toBe('passed');
  });

  it('fail when the clients and ACL LOG disagree, or the log overflowed', () => {
    expect(status('refusals-match-acl-log', run({ 'denied.key': 26 }))).toBe('failed');
    expect(status('refusals-match-acl-log', run({}, { 'aclLog.auth': 4 }))).toBe('failed');
    // The same total, in the wrong reasons.
    expect(
      status('refusals-match-acl-log', run({}, { 'aclLog.command': 21, 'aclLog.channel': 14 })),
    ).toBe('failed');
    expect(status('refusals-match-acl-log', run({}, { aclLogEntries: 1000 }))).toBe('failed');
  });

  it('fail when INFO disagrees with the clients', () => {
    expect(status('server-counts-agree', run({}, { serverCalls: 801 }))).toBe('failed');
    expect(status('server-counts-agree', run({ intruderIn: 3 }))).toBe('failed');
    expect(status('server-counts-agree', run({}, { 'errorstat.NOPERM': 59 }))).toBe('failed');
    expect(status('server-counts-agree', run({}, { 'errorstat.WRONGPASS': 6 }))).toBe('failed');
    expect(status('server-counts-agree', run({}, { 'errorstat.NOAUTH': 6 }))).toBe('failed');
  });

  it('fail when the fresh read finds other changes than the app saw', () => {
    expect(status('billing-keys-fresh-read', run({}, { billingChanged: 1 }))).toBe('failed');
    expect(
      status('billing-keys-fresh-read', run({}, { foreignKeysWritten: 2, billingChanged: 1 })),
    ).toBe('failed');
  });

  it('fail, not pass, when the run ended before the server was read', () => {
    const bare: FinishedRun<AccessControlParams> = { ...run(), facts: {} };
    for (const c of accessControlChecks) expect(status(c.id, bare), c.id).toBe('failed');
  });

  it('are not applicable when there was nothing to compare', () => {
    const none = { 'denied.command': 0, 'denied.key': 0, 'denied.channel': 0, 'denied.auth': 0 };
    const logged = { 'aclLog.command': 0, 'aclLog.key': 0, 'aclLog.channel': 0, 'aclLog.auth': 0 };
    expect(status('refusals-match-acl-log', run(none, logged))).toBe('not-applicable');
    expect(status('server-counts-agree', run({ requests: 0, logins: 0 }))).toBe('not-applicable');
    expect(status('billing-keys-fresh-read', run({}, { foreignWriteAttempts: 0 }))).toBe(
      'not-applicable',
    );
  });
});
