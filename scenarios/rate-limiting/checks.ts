import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { ALGORITHMS } from './lua/commands.ts';
import type { Algorithm } from './lua/commands.ts';
import { allowedKey, maxInWindowKey, rejectedKey } from './metrics.ts';
import type { RateLimitingParams } from './params.ts';

type Run = FinishedRun<RateLimitingParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;
const fact = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

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

const boundChecks = ALGORITHMS.map((algorithm): CheckSpec<RateLimitingParams> => ({
  id: `${algorithm}-within-bound`,
  description: `${algorithm} allowed no more than its limit permits over the run's length`,
  evaluate(run) {
    const span = fact(run, 'loadSpanMs');
    const windows = fact(run, 'fixedWindowsSpanned');
    if (span === undefined || windows === undefined) {
      return { passed: false, detail: 'the run ended before its load was measured' };
    }
    const allowed = value(run, allowedKey(algorithm));
    const { bound, formula } = allowedBound(algorithm, run.params, span, windows);
    return { passed: allowed <= bound, detail: `allowed ${allowed} ≤ ${formula} = ${bound}` };
  },
}));

export const rateLimitingChecks: CheckSpec<RateLimitingParams>[] = [
  {
    id: 'sliding-log-exact',
    description: 'Sliding log never let a client make more than `limit` requests within any window',
    evaluate(run) {
      const max = value(run, maxInWindowKey('sliding-log'));
      return {
        passed: max <= run.params.limit,
        detail: `most within one window: ${max}; limit ${run.params.limit}`,
      };
    },
  },
  {
    id: 'same-stream-for-all',
    description: 'Every limiter judged every request: allowed + rejected is the same for all five',
    evaluate(run) {
      const offered = fact(run, 'offered');
      const totals = ALGORITHMS.map((a) => value(run, allowedKey(a)) + value(run, rejectedKey(a)));
      if (offered === undefined || offered === 0) {
        return { passed: false, detail: 'no request was offered, so nothing was tested' };
      }
      const passed = totals.every((n) => n === offered);
      return {
        passed,
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
      const mismatches = fact(run, 'slidingLogMismatches');
      const entries = fact(run, 'slidingLogEntries');
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
      const counts = ALGORITHMS.map((a) => fact(run, `redisKeys.${a}`));
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
