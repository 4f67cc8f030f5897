// Each check on made-up numbers: it fails when the publisher's count and the broker's disagree,
// and is not applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { publisherConfirmsChecks } from './checks.ts';
import type { PublisherConfirmsParams } from './params.ts';

const params: PublisherConfirmsParams = {
  modeSec: 2,
  maxRate: 2000,
  batchSize: 100,
  window: 256,
  messageSize: 256,
  crash: true,
  crashAfterMs: 1000,
};

const consistent: RunFacts = {
  'confirmed.confirm-each': 800,
  'depth.confirm-each': 800,
  'confirmed.batched': 4000,
  'depth.batched': 4000,
  'confirmed.streaming': 4000,
  'depth.streaming': 4000,
  crashRan: true,
  persistentConfirmed: 990,
  persistentConfirmedFound: 990,
  persistentDepthAfter: 991,
  persistentUnconfirmedFound: 1,
  transientConfirmed: 990,
  transientDepthAfter: 0,
  transientConfirmedFound: 0,
};

function run(
  facts: RunFacts = {},
  p: Partial<PublisherConfirmsParams> = {},
): FinishedRun<PublisherConfirmsParams> {
  return {
    params: { ...params, ...p },
    summary: {},
    facts: { ...consistent, ...facts },
    durationMs: 20_000,
  };
}

function status(id: string, r: FinishedRun<PublisherConfirmsParams>): string {
  const check = publisherConfirmsChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
}

describe('publisher-confirms checks', () => {
  it('pass on a consistent run', () => {
    for (const c of publisherConfirmsChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('fail when the broker counts other than the confirms', () => {
    expect(status('confirmed-in-queue', run({ 'depth.batched': 3999 }))).toBe('failed');
    expect(status('confirmed-persistent-survived', run({ persistentConfirmedFound: 989 }))).toBe(
      'failed',
    );
    expect(status('transient-lost', run({ transientDepthAfter: 3 }))).toBe('failed');
    expect(status('transient-lost', run({ transientConfirmedFound: 1 }))).toBe('failed');
  });

  it('are not applicable when the params or the run rule them out', () => {
    expect(status('confirmed-persistent-survived', run({}, { crash: false }))).toBe(
      'not-applicable',
    );
    expect(status('transient-lost', run({ crashRan: false }))).toBe('not-applicable');
    expect(status('transient-lost', run({ transientConfirmed: 0 }))).toBe('not-applicable');
    expect(status('confirmed-in-queue', { params, summary: {}, facts: {}, durationMs: 3000 })).toBe(
      'not-applicable',
    );
  });
});
