import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { PARTITIONS, ackedKey, logAggregationChecks, logEndKey } from './checks.ts';
import type { LogAggregationParams } from './params.ts';

const params: LogAggregationParams = {
  services: 3,
  eventsPerSec: 100,
  windowSec: 1,
  latePct: 10,
  maxDelayMs: 1000,
  graceMs: 300,
  latePolicy: 'update',
  failingService: 0,
  seed: 1,
};

function finished(
  change: (f: RunFacts) => void = () => undefined,
  p: Partial<LogAggregationParams> = {},
): FinishedRun<LogAggregationParams> {
  const facts: RunFacts = {
    aggregatorConsumed: 300,
    'tally.digest': 'aaaa',
    'tally.events': 300,
    'tally.windows': 3,
    'results.digest': 'aaaa',
    'results.events': 300,
    resultsComplete: true,
    'dropped.events': 0,
  };
  for (let n = 0; n < PARTITIONS; n++) {
    facts[ackedKey(n)] = 100;
    facts[logEndKey(n)] = 100;
  }
  change(facts);
  return { params: { ...params, ...p }, summary: {}, facts, durationMs: 3000 };
}

const evaluate = (id: string, run: FinishedRun<LogAggregationParams>): string => {
  const check = logAggregationChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('log-aggregation checks', () => {
  it('pass when every side agrees', () => {
    for (const c of logAggregationChecks) expect(evaluate(c.id, finished()), c.id).toBe('passed');
  });

  it('fail when the window results differ from the tallies or were not read to the end', () => {
    const off = finished((f) => {
      f['results.digest'] = 'bbbb';
      f.difference = '1700000000000|api|error: results 3, services 4';
    });
    expect(evaluate('windows-match-tallies', off)).toBe('failed');
    expect(
      evaluate(
        'windows-match-tallies',
        finished((f) => (f.resultsComplete = false)),
      ),
    ).toBe('failed');
  });

  it('fail when the log or the aggregator disagrees with the clients', () => {
    expect(
      evaluate(
        'log-holds-every-event',
        finished((f) => (f[logEndKey(2)] = 99)),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'aggregator-read-every-event',
        finished((f) => (f.aggregatorConsumed = 299)),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'aggregator-read-every-event',
        finished((f) => delete f.aggregatorConsumed),
      ),
    ).toBe('failed');
  });

  it('do not apply when nothing was written', () => {
    const empty = finished((f) => {
      for (let n = 0; n < PARTITIONS; n++) f[ackedKey(n)] = f[logEndKey(n)] = 0;
      f.aggregatorConsumed = 0;
      f['tally.events'] = 0;
      f['results.events'] = 0;
    });
    for (const c of logAggregationChecks)
      expect(evaluate(c.id, empty), c.id).toBe('not-applicable');
  });
});
