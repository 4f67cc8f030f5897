// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { circuitBreakerChecks } from './checks.ts';
import { circuitBreakerParams } from './params.ts';
import type { CircuitBreakerParams } from './params.ts';

const params = Value.Create(circuitBreakerParams) as CircuitBreakerParams;

/** A consistent run: the breaker opened 3 times, 2 trials failed, the third closed it. */
function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
): FinishedRun<CircuitBreakerParams> {
  return {
    params,
    summary: { requests: 1800, errors: 300, fallbacks: 240, ...summary },
    facts: {
      gatewayOpens: 3,
      gatewayHalfOpens: 3,
      gatewayCloses: 1,
      clientOpens: 3,
      clientHalfOpens: 2,
      clientCloses: 1,
      clientStatesSeen: 1800,
      gatewayFallbacks: 240,
      clientTimeouts: 0,
      gatewayAttempts: 900,
      productReceived: 900,
      receivedWhileOpen: 1,
      sentWhileOpen: 200,
      openMs: 7000,
      protectedFromMs: 15_000,
      settledFromMs: 17_500,
      userSettledCount: 370,
      userSettledP99: 12.5,
      ...facts,
    },
    durationMs: 30_000,
  };
}

const status = (id: string, r: FinishedRun<CircuitBreakerParams>): string => {
  const check = circuitBreakerChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('circuit-breaker checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of circuitBreakerChecks) {
      expect(status(check.id, run()), check.id).toBe('passed');
    }
  });

  it('fail, not pass, when the run ended before the final reads', () => {
    const empty: FinishedRun<CircuitBreakerParams> = { ...run(), facts: {} };
    for (const check of circuitBreakerChecks)
      expect(status(check.id, empty), check.id).toBe('failed');
  });

  it('fallbacks-match-gateway fails when the clients and the gateway disagree', () => {
    expect(status('fallbacks-match-gateway', run({ gatewayFallbacks: 239 }))).toBe('failed');
    expect(status('fallbacks-match-gateway', run({}, { fallbacks: 241 }))).toBe('failed');
    expect(status('fallbacks-match-gateway', run({ gatewayFallbacks: 0 }, { fallbacks: 0 }))).toBe(
      'not-applicable',
    );
    // Answers that never arrived may have been fallbacks, and only those.
    expect(
      status('fallbacks-match-gateway', run({ gatewayFallbacks: 243, clientTimeouts: 3 })),
    ).toBe('passed');
    expect(
      status('fallbacks-match-gateway', run({ gatewayFallbacks: 244, clientTimeouts: 3 })),
    ).toBe('failed');
    expect(
      status('fallbacks-match-gateway', run({ gatewayFallbacks: 239, clientTimeouts: 3 })),
    ).toBe('failed');
  });

  it('breaker-transitions-match fails on a missed or extra open or close, or more half-opens seen than counted', () => {
    expect(status('breaker-transitions-match', run({ clientOpens: 2 }))).toBe('failed');
    expect(status('breaker-transitions-match', run({ gatewayCloses: 2 }))).toBe('failed');
    expect(status('breaker-transitions-match', run({ clientHalfOpens: 4 }))).toBe('failed');
    const quiet = { gatewayOpens: 0, gatewayHalfOpens: 0, gatewayCloses: 0 };
    expect(
      status(
        'breaker-transitions-match',
        run({ ...quiet, clientOpens: 0, clientHalfOpens: 0, clientCloses: 0 }),
      ),
    ).toBe('not-applicable');
    // The gateway counted nothing but the clients saw it open: a broken counter.
    expect(status('breaker-transitions-match', run(quiet))).toBe('failed');
  });

  it('received-at-most-attempted fails when product-service received more than the gateway sent', () => {
    expect(status('received-at-most-attempted', run({ productReceived: 901 }))).toBe('failed');
    expect(status('received-at-most-attempted', run({ productReceived: 850 }))).toBe('passed');
    expect(
      status('received-at-most-attempted', run({ productReceived: 0, gatewayAttempts: 0 })),
    ).toBe('not-applicable');
  });

  it('load-drops-while-open fails when product-service kept receiving while open', () => {
    expect(status('load-drops-while-open', run({ receivedWhileOpen: 11 }))).toBe('failed');
    expect(status('load-drops-while-open', run({ receivedWhileOpen: 10 }))).toBe('passed');
    expect(status('load-drops-while-open', run({ openMs: 0, receivedWhileOpen: 0 }))).toBe(
      'not-applicable',
    );
    expect(status('load-drops-while-open', run({ sentWhileOpen: 0, receivedWhileOpen: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('user-route-fast-with-protection fails above the bound, and does not apply without protection', () => {
    expect(status('user-route-fast-with-protection', run({ userSettledP99: 501 }))).toBe('failed');
    expect(status('user-route-fast-with-protection', run({ protectedFromMs: -1 }))).toBe(
      'not-applicable',
    );
    expect(status('user-route-fast-with-protection', run({ userSettledCount: 3 }))).toBe(
      'not-applicable',
    );
  });
});
