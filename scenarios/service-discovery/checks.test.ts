// Each check on made-up numbers: it fails when the clients, Redis, the gateway's /metrics and the
// instances' own /metrics disagree, and says not applicable, never passed, when there was no kill.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { serviceDiscoveryChecks } from './checks.ts';
import type { ServiceDiscoveryParams } from './params.ts';

const params: ServiceDiscoveryParams = {
  instances: 3,
  requestsPerSec: 150,
  clients: 8,
  ttlMs: 2000,
  killAtSec: 4,
  seed: 7,
};

/** A consistent run: product-service-1 killed, its key gone 1.6 s later, 80 errors. */
function run(facts: RunFacts = {}): FinishedRun<ServiceDiscoveryParams> {
  return {
    params,
    summary: {},
    facts: {
      answersChecked: 1200,
      answersUnregistered: 0,
      registrySlackMs: 22,
      killed: 'product-service-1',
      killAtMs: 7000,
      ttlLeftAtKillMs: 1590,
      deregisterMs: 1600,
      gatewayLastToKilledMs: 1800,
      gatewayToKilledAfterExpiry: 0,
      gatewayScrapeMs: 100,
      instancesAtKill: 3,
      sentInTtlWindow: 352,
      errorsAfterKill: 80,
      errors: 80,
      gatewayFailed: 80,
      gatewayFailedToKilled: 80,
      'clients.product-service-1': 200,
      'clients.product-service-2': 500,
      'clients.product-service-3': 500,
      'own.product-service-2': 500,
      'own.product-service-3': 500,
      'gatewayOk.product-service-1': 200,
      ...facts,
    },
    durationMs: 14000,
  };
}

const status = (id: string, r: FinishedRun<ServiceDiscoveryParams>): string => {
  const check = serviceDiscoveryChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('service-discovery checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of serviceDiscoveryChecks) {
      expect(status(check.id, run()), check.id).toBe('passed');
    }
  });

  it('fail when an answer came from an instance Redis had no key for', () => {
    expect(
      status(
        'answered-by-registered-instance',
        run({ answersUnregistered: 1, firstUnregistered: 'product-service-4 at 900 ms' }),
      ),
    ).toBe('failed');
  });

  it('fail when the gateway kept calling the dead instance after its key was gone', () => {
    expect(status('no-requests-after-expiry', run({ gatewayToKilledAfterExpiry: 3 }))).toBe(
      'failed',
    );
    // Not applicable, not passed, when the load ended before the gateway's next read.
    const { gatewayToKilledAfterExpiry: _, ...facts } = run().facts;
    expect(status('no-requests-after-expiry', { ...run(), facts })).toBe('not-applicable');
  });

  it('fail when the kill cost more errors than the TTL allows', () => {
    // ⌈352 / 3⌉ + 3 + 8 = 129.
    expect(status('errors-bounded-by-ttl', run({ errorsAfterKill: 129 }))).toBe('passed');
    expect(status('errors-bounded-by-ttl', run({ errorsAfterKill: 130 }))).toBe('failed');
  });

  it('fail when a client error was not a failed call to the dead instance', () => {
    const id = 'errors-were-the-dead-instance';
    expect(status(id, run({ errors: 81 }))).toBe('failed');
    expect(status(id, run({ errors: 81, gatewayFailed: 81 }))).toBe('failed');
  });

  it('fail when an instance counted a different number of answers than the clients saw', () => {
    const id = 'per-instance-counts-match';
    expect(status(id, run({ 'own.product-service-2': 499 }))).toBe('failed');
    expect(status(id, run({ 'gatewayOk.product-service-1': 201 }))).toBe('failed');
    // An instance whose final count could not be read is a failure, not a pass.
    const { 'own.product-service-3': _, ...facts } = run().facts;
    expect(status(id, { ...run(), facts })).toBe('failed');
  });

  it('are not applicable when nothing was killed, or the key outlived the run', () => {
    const {
      killed: _k,
      deregisterMs: _d,
      ...noKill
    } = run({
      errorsAfterKill: 0,
      errors: 0,
      gatewayFailed: 0,
      gatewayFailedToKilled: 0,
      'own.product-service-1': 200,
    }).facts;
    const calm = { ...run(), facts: noKill };
    expect(status('no-requests-after-expiry', calm)).toBe('not-applicable');
    expect(status('errors-bounded-by-ttl', calm)).toBe('not-applicable');
    expect(status('errors-were-the-dead-instance', calm)).toBe('not-applicable');
    expect(status('per-instance-counts-match', calm)).toBe('passed');
    const outlived = run({ deregisterMs: -1 });
    expect(status('no-requests-after-expiry', outlived)).toBe('not-applicable');
    expect(status('errors-bounded-by-ttl', outlived)).toBe('not-applicable');
  });

  it('fail, not pass, when the run ended before the final count', () => {
    const early: FinishedRun<ServiceDiscoveryParams> = { ...run(), facts: {} };
    for (const check of serviceDiscoveryChecks) {
      expect(status(check.id, early), check.id).toBe('failed');
    }
  });
});
