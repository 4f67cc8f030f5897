import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { CircuitBreakerParams } from './params.ts';

type Run = FinishedRun<CircuitBreakerParams>;

/** The user route's p99 bound once protection is on and the calls from before have drained. */
export const USER_P99_BOUND_MS = 500;
/** Fewer settled user requests than this say too little about a p99. */
export const MIN_SETTLED_REQUESTS = 20;
/** While open, product-service may receive this share of the product requests sent (and 1). */
export const OPEN_LEAK_SHARE = 0.05;

export const factKeys = {
  gatewayTransitions: {
    open: 'gatewayOpens',
    'half-open': 'gatewayHalfOpens',
    closed: 'gatewayCloses',
  },
  clientTransitions: {
    open: 'clientOpens',
    'half-open': 'clientHalfOpens',
    closed: 'clientCloses',
  },
  clientStatesSeen: 'clientStatesSeen',
  gatewayFallbacks: 'gatewayFallbacks',
  clientTimeouts: 'clientTimeouts',
  gatewayAttempts: 'gatewayAttempts',
  productReceived: 'productReceived',
  receivedWhileOpen: 'receivedWhileOpen',
  sentWhileOpen: 'sentWhileOpen',
  openMs: 'openMs',
  protectedFromMs: 'protectedFromMs',
  settledFromMs: 'settledFromMs',
  userSettledCount: 'userSettledCount',
  userSettledP99: 'userSettledP99',
  userUnprotectedCount: 'userUnprotectedCount',
  userUnprotectedP99: 'userUnprotectedP99',
} as const;

const ENDED_EARLY =
  'the gateway or product-service was not read at the end (the run ended early, or a service was stopped or killed)';

function numbers(run: Run, keys: readonly string[]): number[] | undefined {
  const values = keys.map((k) => run.facts[k]);
  return values.every((v) => typeof v === 'number') ? (values as number[]) : undefined;
}

export const circuitBreakerChecks: CheckSpec<CircuitBreakerParams>[] = [
  {
    id: 'fallbacks-match-gateway',
    description:
      'Product answers the clients saw marked `x-fallback: cache` = the fallbacks the gateway counted as served (shop_gateway_fallbacks_total in its /metrics)',
    evaluate(run) {
      const got = numbers(run, [factKeys.gatewayFallbacks, factKeys.clientTimeouts]);
      if (got === undefined) return { passed: false, detail: ENDED_EARLY };
      const [gateway, unanswered] = got as [number, number];
      const clients = run.summary.fallbacks ?? 0;
      if (gateway === 0 && clients === 0) {
        return notApplicable(
          'no call fell back to the cache (the breaker never refused one and no attempts ran out)',
        );
      }
      // An answer a client stopped waiting for may have been a fallback: it is not known.
      const detail = `clients saw ${clients} fallback answers; the gateway counted ${gateway}`;
      if (unanswered > 0) {
        return {
          passed: clients <= gateway && gateway <= clients + unanswered,
          detail: `${detail}; ${unanswered} answers never reached the clients (timed out or refused)`,
        };
      }
      return { passed: clients === gateway, detail };
    },
  },
  {
    id: 'breaker-transitions-match',
    description:
      "The breaker's opens and closes the clients saw (answers' x-breaker-state in the gateway's order) = the transitions opossum's events counted in the gateway's /metrics; half-opens seen ≤ counted (a trial that answers at once may hide one)",
    evaluate(run) {
      const g = numbers(run, Object.values(factKeys.gatewayTransitions));
      const c = numbers(run, Object.values(factKeys.clientTransitions));
      if (g === undefined || c === undefined) return { passed: false, detail: ENDED_EARLY };
      const [gOpen, gHalf, gClosed] = g as [number, number, number];
      const [cOpen, cHalf, cClosed] = c as [number, number, number];
      if (gOpen + gHalf + gClosed === 0 && cOpen + cHalf + cClosed === 0) {
        return notApplicable('the breaker never left closed');
      }
      return {
        passed: cOpen === gOpen && cClosed === gClosed && cHalf <= gHalf,
        detail: `opened ${cOpen} / ${gOpen}, half-open ${cHalf} / ${gHalf}, closed ${cClosed} / ${gClosed} (clients / gateway)`,
      };
    },
  },
  {
    id: 'received-at-most-attempted',
    description:
      'Requests product-service received (its own /metrics, counted on arrival) ≤ the attempts the gateway sent (its /metrics, retries included)',
    evaluate(run) {
      const got = numbers(run, [factKeys.productReceived, factKeys.gatewayAttempts]);
      if (got === undefined) return { passed: false, detail: ENDED_EARLY };
      const [received, attempts] = got as [number, number];
      if (attempts === 0 && received === 0) return notApplicable('no product request was made');
      return {
        passed: received <= attempts,
        detail: `product-service received ${received}; the gateway sent ${attempts} attempts`,
      };
    },
  },
  {
    id: 'load-drops-while-open',
    description: `While the breaker was open, product-service received next to nothing: at most ${OPEN_LEAK_SHARE * 100}% (and 1) of the product requests the clients sent meanwhile`,
    evaluate(run) {
      const got = numbers(run, [
        factKeys.receivedWhileOpen,
        factKeys.sentWhileOpen,
        factKeys.openMs,
      ]);
      if (got === undefined) return { passed: false, detail: ENDED_EARLY };
      const [received, sent, openMs] = got as [number, number, number];
      if (openMs === 0) return notApplicable('the breaker was never open between two reads');
      if (sent === 0)
        return notApplicable('no product request was sent while the breaker was open');
      const allowed = Math.max(1, Math.floor(sent * OPEN_LEAK_SHARE));
      return {
        passed: received <= allowed,
        detail: `open for ${(openMs / 1000).toFixed(1)} s: clients sent ${sent} product requests, product-service received ${received} (at most ${allowed} allowed)`,
      };
    },
  },
  {
    id: 'user-route-fast-with-protection',
    description: `With protection on (once the calls from before it have drained), the user route, which never calls product-service, answers within ${USER_P99_BOUND_MS} ms at p99`,
    evaluate(run) {
      const got = numbers(run, [
        factKeys.protectedFromMs,
        factKeys.settledFromMs,
        factKeys.userSettledCount,
        factKeys.userSettledP99,
      ]);
      if (got === undefined) return { passed: false, detail: ENDED_EARLY };
      const [protectedFrom, settledFrom, count, p99] = got as [number, number, number, number];
      if (protectedFrom < 0) return notApplicable('protection never came on');
      if (count < MIN_SETTLED_REQUESTS) {
        return notApplicable(
          `only ${count} user requests were sent after ${(settledFrom / 1000).toFixed(1)} s (protection on at ${(protectedFrom / 1000).toFixed(1)} s, plus the drain)`,
        );
      }
      return {
        passed: p99 <= USER_P99_BOUND_MS,
        detail: `user route p99 ${p99.toFixed(1)} ms over ${count} requests sent after ${(settledFrom / 1000).toFixed(1)} s (bound ${USER_P99_BOUND_MS} ms)`,
      };
    },
  },
];
