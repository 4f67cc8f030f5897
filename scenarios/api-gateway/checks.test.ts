// Each check on made-up numbers: it fails when the clients, the gateway, the store, the
// consumers or the trace disagree, and says not applicable, never passed, when its premise is
// ruled out.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { apiGatewayChecks } from './checks.ts';
import type { ApiGatewayParams } from './params.ts';

const params: ApiGatewayParams = {
  users: 6,
  requestsPerSec: 60,
  profilePercent: 25,
  orderPercent: 10,
  badTokenPercent: 5,
  greedyUsers: 1,
  greedyRatePerSec: 40,
  rateLimitPerSec: 20,
  rateLimitBurst: 20,
  productInstances: 1,
  seed: 42,
};

/** A consistent run: 1000 answered, 100 refused for rate, 30 bad tokens, 50 orders. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<ApiGatewayParams> {
  return {
    params,
    summary: {
      requests: 1000,
      served: 870,
      'rejected.auth': 30,
      'rejected.rate': 100,
      errors: 0,
      badTokens: 30,
      orders: 50,
      ...summary,
    },
    facts: {
      gatewayApiRequests: 1000,
      gatewayRateRejected: 100,
      gatewayAuthRejected: 30,
      storeOrders: 50,
      clientOrders: 50,
      clientOrdersMissingFromStore: 0,
      notified: 50,
      analyticsOrders: 50,
      orderTraceId: '0af7651916cd43dd8448eb211c80319c',
      orderTraceSpans: 11,
      'orderTrace.http': true,
      'orderTrace.rabbitmq': true,
      'orderTrace.rpc': true,
      'orderTrace.kafka': true,
      ...facts,
    },
    durationMs: 8000,
  };
}

const status = (id: string, r: FinishedRun<ApiGatewayParams>): string => {
  const check = apiGatewayChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('api-gateway checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of apiGatewayChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when the run ended before the final count', () => {
    const bare = { ...run(), facts: {} };
    for (const check of apiGatewayChecks) expect(status(check.id, bare), check.id).toBe('failed');
  });

  it('gateway-saw-every-request fails when the gateway counted fewer or more', () => {
    expect(status('gateway-saw-every-request', run({}, { gatewayApiRequests: 990 }))).toBe(
      'failed',
    );
    expect(status('gateway-saw-every-request', run({}, { gatewayApiRequests: 1010 }))).toBe(
      'failed',
    );
    // Requests with no answer may or may not have reached it.
    expect(
      status('gateway-saw-every-request', run({ errors: 5 }, { gatewayApiRequests: 997 })),
    ).toBe('passed');
    expect(
      status('gateway-saw-every-request', run({ requests: 0 }, { gatewayApiRequests: 0 })),
    ).toBe('not-applicable');
  });

  it('rate-limit-refusals-match fails on a 429 the gateway did not count', () => {
    expect(status('rate-limit-refusals-match', run({ 'rejected.rate': 101 }))).toBe('failed');
    expect(status('rate-limit-refusals-match', run({}, { gatewayRateRejected: 99 }))).toBe(
      'failed',
    );
    expect(
      status('rate-limit-refusals-match', run({ 'rejected.rate': 0 }, { gatewayRateRejected: 0 })),
    ).toBe('not-applicable');
  });

  it('bad-tokens-refused fails when a bad token got through or a good one was refused', () => {
    expect(
      status('bad-tokens-refused', run({ 'rejected.auth': 29 }, { gatewayAuthRejected: 29 })),
    ).toBe('failed');
    expect(
      status('bad-tokens-refused', run({ 'rejected.auth': 31 }, { gatewayAuthRejected: 31 })),
    ).toBe('failed');
    expect(status('bad-tokens-refused', run({}, { gatewayAuthRejected: 31 }))).toBe('failed');
    expect(
      status(
        'bad-tokens-refused',
        run({ badTokens: 0, 'rejected.auth': 0 }, { gatewayAuthRejected: 0 }),
      ),
    ).toBe('not-applicable');
  });

  it('orders-in-store fails on a confirmed order missing from the store, or an extra one', () => {
    expect(status('orders-in-store', run({}, { clientOrdersMissingFromStore: 1 }))).toBe('failed');
    expect(status('orders-in-store', run({}, { storeOrders: 51 }))).toBe('failed');
    expect(status('orders-in-store', run({}, { storeOrders: 0, clientOrders: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('order-events-consumed fails when a consumer missed an order', () => {
    expect(status('order-events-consumed', run({}, { notified: 49 }))).toBe('failed');
    expect(status('order-events-consumed', run({}, { analyticsOrders: 48 }))).toBe('failed');
    expect(status('order-events-consumed', run({}, { notified: 51 }))).toBe('failed');
    expect(status('order-events-consumed', run({}, { storeOrders: 0 }))).toBe('not-applicable');
  });

  it('order-trace-crosses-brokers fails when a hop lost the trace context, or no trace came', () => {
    expect(status('order-trace-crosses-brokers', run({}, { 'orderTrace.kafka': false }))).toBe(
      'failed',
    );
    expect(status('order-trace-crosses-brokers', run({}, { 'orderTrace.rpc': false }))).toBe(
      'failed',
    );
    const noTrace = run();
    delete noTrace.facts.orderTraceId;
    expect(status('order-trace-crosses-brokers', noTrace)).toBe('failed');
    expect(status('order-trace-crosses-brokers', run({}, { clientOrders: 0 }))).toBe(
      'not-applicable',
    );
  });
});
