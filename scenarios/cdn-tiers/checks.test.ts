// Each check on made-up numbers: it fails when the two sources disagree, and says not applicable,
// never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { NGINX_CACHE_STATUSES } from '../src/sdk/nginx.ts';
import { cdnTiersChecks } from './checks.ts';
import { factKeys } from './facts.ts';
import type { CdnTiersParams } from './params.ts';

const params: CdnTiersParams = {
  edges: 2,
  clientsPerEdge: 3,
  requestsPerSec: 150,
  resources: 30,
  distanceStepMs: 15,
  shieldLatencyMs: 20,
  originDelayMs: 40,
  edgeTtlSec: 1,
  shieldTtlSec: 3,
  bumpEverySec: 5,
  seed: 42,
};

/** Per status, every status present (0 where not given). */
function counts(
  key: (status: (typeof NGINX_CACHE_STATUSES)[number] | '') => string,
  given: Record<string, number>,
): RunFacts {
  const facts: RunFacts = {};
  for (const status of [...NGINX_CACHE_STATUSES, ''] as const)
    facts[key(status)] = given[status] ?? 0;
  return facts;
}

/** Two edges of 500 answers, 100 of each past the edge; 50 of those reach the origin. */
function consistent(): RunFacts {
  const edge = { HIT: 380, MISS: 30, EXPIRED: 70, UPDATING: 20 };
  const shield = { HIT: 140, MISS: 30, EXPIRED: 20, UPDATING: 10 };
  return {
    ...counts((s) => factKeys.edgeLog(1, s), edge),
    ...counts((s) => factKeys.edgeClients(1, s), edge),
    ...counts((s) => factKeys.edgeLog(2, s), edge),
    ...counts((s) => factKeys.edgeClients(2, s), edge),
    [factKeys.edgeUpstream(1)]: 100,
    [factKeys.edgeUpstream(2)]: 100,
    ...counts(factKeys.shieldLog, shield),
    ...counts(factKeys.shieldClients, shield),
    [factKeys.shieldRequests]: 200,
    [factKeys.shieldUpstream]: 50,
    [factKeys.originRequests]: 50,
    [factKeys.noAnswer]: 0,
    [factKeys.drained]: true,
    [factKeys.purges]: 2,
    [factKeys.purgeMaxMs]: 2400,
    [factKeys.purgeBoundMs]: 7000,
  };
}

function run(facts: RunFacts = {}, p: Partial<CdnTiersParams> = {}): FinishedRun<CdnTiersParams> {
  return {
    params: { ...params, ...p },
    summary: {},
    facts: { ...consistent(), ...facts },
    durationMs: 8000,
  };
}

const status = (id: string, r: FinishedRun<CdnTiersParams>): string => {
  const check = cdnTiersChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('cdn-tiers checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of cdnTiersChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('edges-match-their-logs fails when any edge’s log differs from its clients', () => {
    const id = 'edges-match-their-logs';
    expect(status(id, run({ [factKeys.edgeLog(2, 'HIT')]: 379 }))).toBe('failed');
    expect(status(id, run({ [factKeys.edgeClients(1, 'MISS')]: 31 }))).toBe('failed');
    expect(status(id, run({ [factKeys.edgeLog(1, '')]: 1 }))).toBe('failed');
    const missing = run();
    delete missing.facts[factKeys.edgeLog(2, 'HIT')];
    expect(status(id, missing)).toBe('failed');
    const none = run({
      ...counts((s) => factKeys.edgeLog(1, s), {}),
      ...counts((s) => factKeys.edgeClients(1, s), {}),
      ...counts((s) => factKeys.edgeLog(2, s), {}),
      ...counts((s) => factKeys.edgeClients(2, s), {}),
    });
    expect(status(id, none)).toBe('not-applicable');
  });

  it('shield-saw-what-edges-sent fails when the shield logged more or less than the edges sent, or other verdicts', () => {
    const id = 'shield-saw-what-edges-sent';
    expect(status(id, run({ [factKeys.shieldRequests]: 199 }))).toBe('failed');
    expect(status(id, run({ [factKeys.edgeUpstream(2)]: 101 }))).toBe('failed');
    expect(
      status(id, run({ [factKeys.shieldLog('HIT')]: 139, [factKeys.shieldLog('MISS')]: 31 })),
    ).toBe('failed');
    expect(
      status(
        id,
        run({
          ...counts(factKeys.shieldLog, {}),
          ...counts(factKeys.shieldClients, {}),
          [factKeys.shieldRequests]: 0,
          [factKeys.edgeUpstream(1)]: 0,
          [factKeys.edgeUpstream(2)]: 0,
        }),
      ),
    ).toBe('not-applicable');
  });

  it('origin-count-matches-shield-log fails when the origin saw other than what the shield sent', () => {
    const id = 'origin-count-matches-shield-log';
    expect(status(id, run({ [factKeys.originRequests]: 51 }))).toBe('failed');
    expect(status(id, run({ [factKeys.shieldUpstream]: 49 }))).toBe('failed');
    expect(status(id, run({ [factKeys.originRequests]: 0, [factKeys.shieldUpstream]: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('version-spread-bounded fails past the bound, finished or not, and needs a new version', () => {
    const id = 'version-spread-bounded';
    expect(status(id, run({ [factKeys.purgeMaxMs]: 7001 }))).toBe('failed');
    expect(status(id, run({ [factKeys.purgeUnfinishedMs]: 7500 }))).toBe('failed');
    expect(status(id, run({}, { bumpEverySec: 0 }))).toBe('not-applicable');
    const early = run({ [factKeys.purges]: 0, [factKeys.purgeUnfinishedMs]: 1500 });
    delete early.facts[factKeys.purgeMaxMs];
    expect(status(id, early)).toBe('not-applicable');
    const none = run({ [factKeys.purges]: 0 });
    delete none.facts[factKeys.purgeBoundMs];
    expect(status(id, none)).toBe('not-applicable');
  });
});
