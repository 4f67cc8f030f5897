import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { ALGORITHMS } from './lua/commands.ts';
import type { Algorithm } from './lua/commands.ts';
import { allowedKey, maxInWindowKey, rejectedKey } from './metrics.ts';
import type { RateLimitingParams } from './params.ts';

type Run = FinishedRun<RateLimitingParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;
/**
 * The most `algorithm` may allow over the run, all clients together. The windowed ones allow at
 * most `limit` per fixed window the load touched; the others at most `limit` per window of
 * the load's span plus one burst of `limit`: limit × (span / W + 1).
 */
export function allowedBound(
  algorithm: Algorithm,
  params: RateLimitingParams,
  loadSpanMs: number,
  fixedWindowsSpanned: number,
): { bound: number; formula: string } {
  const { limit, clients, windowSec } = params;
  if (algorithm === 'fixed-window' || algorithm === 'sliding-window-counter') {
    return {
      bound: limit * clients * fixedWindowsSpanned,
      formula: `${limit} × ${clients} clients × ${fixedWindowsSpanned} windows touched`,
    };
  }
  const windows = loadSpanMs / (windowSec * 1000) + 1;
  return {
    // The scripts' arithmetic is floating point: forgive a rounding error, never a request.
    bound: Math.floor(limit * clients * windows + 1e-6),
    formula: `${limit} × ${clients} clients × (${(loadSpanMs / 1000).toFixed(2)} s / ${windowSec} s + 1)`,
  };
}

/** Every check needs requests to judge; requestsPerSec 0 (or a stop at once) offers none. */
function nothingOffered(run: Run): CheckResult | undefined {
  const offered = numberFact(run, 'offered');
  if (offered === undefined)
    return { passed: false, detail: 'the run ended before its load was measured' };
  return offered === 0
    ? notApplicable('no request was offered, so no limiter decided anything')
    : undefined;
}

const boundChecks = ALGORITHMS.map((algorithm): CheckSpec<RateLimitingParams> => ({
  id: `${algorithm}-within-bound`,
  description: `${algorithm} allowed no more than its limit permits over the run's length`,
  evaluate(run) {
    const none = nothingOffered(run);
    if (none !== undefined) return none;
    const span = numberFact(run, 'loadSpanMs');
    const windows = numberFact(run, 'fixedWindowsSpanned');
    const offered = numberFact(run, 'offered') ?? 0;
    if (span === undefined || windows === undefined) {
      return { passed: false, detail: 'the run ended before its load was measured' };
    }
    const allowed = value(run, allowedKey(algorithm));
    const { bound, formula } = allowedBound(algorithm, run.params, span, windows);
    // Allowing everything offered would still be within the bound: nothing to catch.
    if (offered <= bound) {
      return notApplicable(
        `only ${offered} requests were offered, no more than the bound ${formula} = ${bound}`,
      );
    }
    return { passed: allowed <= bound, detail: `allowed ${allowed} ≤ ${formula} = ${bound}` };
  },
}));

export const rateLimitingChecks: CheckSpec<RateLimitingParams>[] = [
  {
    id: 'sliding-log-exact',
    description: 'Sliding log never let a client make more than `limit` requests within any window',
    evaluate(run) {
      const none = nothingOffered(run);
      if (none !== undefined) return none;
      if (run.facts.offeredOverLimit !== true) {
        return notApplicable(
          `no client offered more than ${run.params.limit} requests within one window, so no limiter had to refuse`,
        );
      }
      const max = value(run, maxInWindowKey('sliding-log'));
      return {
        passed: max <= run.params.limit,
        detail: `most within one window: ${max}; limit ${run.params.limit}`,
      };
    },
  },
  {
    id: 'same-stream-for-all',
    description:
      'Redis answered every request for every limiter: allowed + rejected (counted from the answers) = offered (counted when sent), for all five',
    evaluate(run) {
      const none = nothingOffered(run);
      if (none !== undefined) return none;
      const offered = numberFact(run, 'offered') ?? 0;
      const totals = ALGORITHMS.map((a) => value(run, allowedKey(a)) + value(run, rejectedKey(a)));
      return {
        passed: totals.every((n) => n === offered),
        detail: `offered ${offered}; ${ALGORITHMS.map((a, i) => `${a} ${totals[i]}`).join(', ')}`,
      };
    },
  },
  ...boundChecks,
  {
    id: 'redis-sliding-logs-agree',
    description:
      "Each client's sliding log in Redis holds exactly the allowed requests this run recorded for its last window, never more than `limit`",
    evaluate(run) {
      const none = nothingOffered(run);
      if (none !== undefined) return none;
      const mismatches = numberFact(run, 'slidingLogMismatches');
      const entries = numberFact(run, 'slidingLogEntries');
      if (mismatches === undefined || entries === undefined) {
        return { passed: false, detail: 'the run ended before Redis was asked' };
      }
      const cap = run.params.limit * run.params.clients;
      return {
        passed: mismatches === 0 && entries <= cap,
        detail: `${entries} entries in Redis (at most ${cap}); ${mismatches} clients disagree`,
      };
    },
  },
  {
    id: 'redis-keys-per-client',
    description: 'Redis holds at most one key per client per algorithm, however long the run',
    evaluate(run) {
      const none = nothingOffered(run);
      if (none !== undefined) return none;
      const counts = ALGORITHMS.map((a) => numberFact(run, `redisKeys.${a}`));
      if (counts.some((n) => n === undefined) || run.facts.redisKeysScanComplete !== true) {
        return { passed: false, detail: 'Redis was not fully scanned at the end' };
      }
      const over = ALGORITHMS.filter((_, i) => (counts[i] ?? 0) > run.params.clients);
      return {
        passed: over.length === 0,
        detail: `${ALGORITHMS.map((a, i) => `${a} ${counts[i]}`).join(', ')} keys; ${run.params.clients} clients`,
      };
    },
  },
];
