// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { distributedLockChecks } from './checks.ts';
import type { DistributedLockParams } from './params.ts';

const params: DistributedLockParams = {
  clients: 4,
  lockTtlMs: 200,
  workMs: 10,
  pauseMs: 400,
  pauseEverySec: 1,
  fencing: true,
  seed: 42,
};

/** A consistent fenced run: 255 grants, 4 stale writes all refused, 251 increments kept. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<DistributedLockParams> = {},
): FinishedRun<DistributedLockParams> {
  return {
    params: { ...params, ...p },
    summary: {
      acquired: 255,
      staleWrites: 4,
      staleWritesRejected: 4,
      acknowledged: 251,
      ...summary,
    },
    facts: {
      redisFence: 255,
      storageFinalValue: 251,
      storageRefused: 4,
      storageStaleAccepted: 0,
      storageErased: 0,
      surelyExpired: 4,
      surelyExpiredButReleased: 0,
      surelyLive: 251,
      surelyLiveButGone: 0,
      ...facts,
    },
    durationMs: 5000,
  };
}

const status = (id: string, r: FinishedRun<DistributedLockParams>): string => {
  const check = distributedLockChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('distributed-lock checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of distributedLockChecks) {
      expect(status(check.id, run()), check.id).toBe('passed');
    }
  });

  it('fail when the run ended before Redis and the storage were read', () => {
    const bare = { ...run(), facts: {} };
    for (const check of distributedLockChecks) {
      expect(status(check.id, bare), check.id).toBe('failed');
    }
  });

  it('one-fencing-token-per-grant fails when Redis issued more or fewer tokens than grants', () => {
    expect(status('one-fencing-token-per-grant', run({}, { redisFence: 256 }))).toBe('failed');
    expect(status('one-fencing-token-per-grant', run({ acquired: 254 }))).toBe('failed');
    expect(status('one-fencing-token-per-grant', run({ acquired: 0 }, { redisFence: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('fencing-refused-every-stale-write fails on a stale write let through or a write refused in error', () => {
    const check = 'fencing-refused-every-stale-write';
    expect(status(check, run({}, { storageRefused: 3, storageStaleAccepted: 1 }))).toBe('failed');
    expect(status(check, run({}, { storageRefused: 5 }))).toBe('failed');
    expect(status(check, run({ staleWrites: 0 }, { storageRefused: 1 }))).toBe('failed');
    expect(status(check, run({ staleWrites: 0 }, { storageRefused: 0 }))).toBe('not-applicable');
    expect(
      status(check, run({}, { storageRefused: 0, storageStaleAccepted: 4 }, { fencing: false })),
    ).toBe('not-applicable');
  });

  it('no-increment-lost fails when the storage holds other than what it acknowledged', () => {
    expect(status('no-increment-lost', run({}, { storageFinalValue: 241 }))).toBe('failed');
    expect(status('no-increment-lost', run({ acknowledged: 252 }))).toBe('failed');
    // Without fencing it still applies while no stale write got in.
    const unfenced = { fencing: false };
    expect(status('no-increment-lost', run({}, { storageFinalValue: 250 }, unfenced))).toBe(
      'failed',
    );
    expect(
      status(
        'no-increment-lost',
        run({}, { storageFinalValue: 200, storageStaleAccepted: 4 }, unfenced),
      ),
    ).toBe('not-applicable');
  });

  it('lock-expires-after-ttl fails when Redis kept an expired lock or dropped a live one', () => {
    expect(status('lock-expires-after-ttl', run({}, { surelyExpiredButReleased: 1 }))).toBe(
      'failed',
    );
    expect(status('lock-expires-after-ttl', run({}, { surelyLiveButGone: 1 }))).toBe('failed');
    expect(status('lock-expires-after-ttl', run({}, { surelyExpired: 0, surelyLive: 0 }))).toBe(
      'not-applicable',
    );
  });
});
