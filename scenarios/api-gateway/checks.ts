// Each check holds what the clients counted against a source they do not write: the gateway's
// own /metrics, a fresh read of the order store in Redis, the consumers' own counters, and the
// spans the services exported.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { ApiGatewayParams } from './params.ts';
import { HOPS } from './trace-hops.ts';

type Run = FinishedRun<ApiGatewayParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

const ENDED_EARLY = {
  passed: false,
  detail: "the run ended before the final count (the gateway's /metrics, the order store)",
};

export const apiGatewayChecks: CheckSpec<ApiGatewayParams>[] = [
  {
    id: 'gateway-saw-every-request',
    description:
      "Every request the clients got an answer to is in the gateway's own request counter (its /metrics, every /api route and status)",
    evaluate(run) {
      const gateway = numberFact(run, 'gatewayApiRequests');
      if (gateway === undefined) return ENDED_EARLY;
      const answered = value(run, 'requests') - value(run, 'errors');
      const sent = value(run, 'requests');
      if (sent === 0) return notApplicable('the clients sent no request (rate 0)');
      // A request that failed on the client's side (no answer) may or may not have reached it.
      return {
        passed: gateway >= answered && gateway <= sent,
        detail: `clients: ${answered} answered (+${sent - answered} with no answer or a 5xx); gateway counted ${gateway}`,
      };
    },
  },
  {
    id: 'rate-limit-refusals-match',
    description:
      'The 429s the clients saw = the requests the gateway\'s token bucket refused (shop_gateway_rejected_total{reason="rate"})',
    evaluate(run) {
      const gateway = numberFact(run, 'gatewayRateRejected');
      if (gateway === undefined) return ENDED_EARLY;
      const clients = value(run, 'rejected.rate');
      if (clients === 0 && gateway === 0) {
        return notApplicable(
          'no user went over the limit (no greedy user, or the limit is above their rate)',
        );
      }
      return {
        passed: clients === gateway,
        detail: `clients saw ${clients} × 429; the gateway refused ${gateway}`,
      };
    },
  },
  {
    id: 'bad-tokens-refused',
    description:
      'Every request sent without a token or with a forged one was refused, and only those: bad tokens sent = 401s the clients saw = refusals the gateway counted',
    evaluate(run) {
      const gateway = numberFact(run, 'gatewayAuthRejected');
      if (gateway === undefined) return ENDED_EARLY;
      const sent = value(run, 'badTokens');
      const seen = value(run, 'rejected.auth');
      if (sent === 0 && seen === 0 && gateway === 0) {
        return notApplicable('no request carried a bad token (badTokenPercent 0)');
      }
      return {
        passed: sent === seen && seen === gateway,
        detail: `sent ${sent} with a bad token; clients saw ${seen} × 401; the gateway refused ${gateway}`,
      };
    },
  },
  {
    id: 'orders-in-store',
    description:
      'Every order the gateway confirmed (201) is in the order store, and the store holds no other: a fresh read of the Redis set',
    evaluate(run) {
      const store = numberFact(run, 'storeOrders');
      const missing = numberFact(run, 'clientOrdersMissingFromStore');
      const clients = numberFact(run, 'clientOrders');
      if (store === undefined || missing === undefined || clients === undefined) return ENDED_EARLY;
      if (clients === 0 && store === 0)
        return notApplicable('no order was placed (orderPercent 0)');
      return {
        passed: missing === 0 && store === clients,
        detail: `clients got ${clients} order ids, ${missing} of them not in the store; the store holds ${store}`,
      };
    },
  },
  {
    id: 'order-events-consumed',
    description:
      'Each stored order reached both consumers: notifications sent (notification-service, over RabbitMQ) = order-placed events counted (analytics-service, over Kafka) = orders in the store',
    evaluate(run) {
      const store = numberFact(run, 'storeOrders');
      const notified = numberFact(run, 'notified');
      const analysed = numberFact(run, 'analyticsOrders');
      if (store === undefined || notified === undefined || analysed === undefined)
        return ENDED_EARLY;
      if (store === 0) return notApplicable('no order was placed (orderPercent 0)');
      return {
        passed: notified === store && analysed === store,
        detail: `store ${store}; notification-service sent ${notified}; analytics-service counted ${analysed}`,
      };
    },
  },
  {
    id: 'order-trace-crosses-brokers',
    description:
      "One order's trace, as the services exported it, links every hop: gateway → product-service over HTTP, → notification-service over RabbitMQ, → user-service by RPC, and → analytics-service over Kafka",
    evaluate(run) {
      if (numberFact(run, 'storeOrders') === undefined) return ENDED_EARLY;
      if ((numberFact(run, 'clientOrders') ?? 0) === 0)
        return notApplicable('no order was placed (orderPercent 0)');
      const traceId = run.facts.orderTraceId;
      if (typeof traceId !== 'string')
        return { passed: false, detail: 'no order trace reached the run' };
      const broken = HOPS.filter((h) => run.facts[`orderTrace.${h}`] !== true);
      return {
        passed: broken.length === 0,
        detail:
          broken.length === 0
            ? `trace ${traceId.slice(0, 12)}… (${numberFact(run, 'orderTraceSpans') ?? 0} spans) links all ${HOPS.length} hops`
            : `trace ${traceId.slice(0, 12)}… misses ${broken.join(', ')}`,
      };
    },
  },
];
