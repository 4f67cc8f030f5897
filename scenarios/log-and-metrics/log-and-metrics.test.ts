// One run on the live brokers: every service ships through Kafka while product-service fails a
// share of its requests. The aggregator's counts equal each service's /metrics, the failing
// service and the gateway show errors, and every process of the shop is gone afterwards.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { Run } from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('counts from Kafka what every service counts itself, errors where the failures are', async () => {
  let live: Run | undefined;
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    durationSec: 11,
    params: { requestsPerSec: 80, faultyService: 'product-service', failRate: 0.2 },
    onStart: (r) => (live = r),
    onFrame: () => {
      for (const node of live?.faults.view().nodes ?? []) if (node.pid > 0) pids.add(node.pid);
    },
  });
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('completed');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
  const f = run.facts;
  // Errors where the failures are, and only there.
  expect(Number(f['kafka.errors.product-service'])).toBeGreaterThan(5);
  expect(Number(f['kafka.errors.gateway'])).toBeGreaterThan(5);
  expect(f['kafka.errors.user-service']).toBe(0);
  expect(f['kafka.errors.auth-service']).toBe(0);
  // Every service answered something, the consumers through the dashboard's /stats polls.
  for (const s of ['gateway', 'auth-service', 'user-service', 'product-service']) {
    expect(Number(f[`kafka.requests.${s}`]), s).toBeGreaterThan(10);
  }
  expect(Number(f['kafka.requests.analytics-service'])).toBeGreaterThan(0);
  expect(summaryOf(run, 'errorRate.product-service')).toBeGreaterThan(0.1);
  expect(summaryOf(run, 'errorRate.user-service')).toBe(0);
  expect(summaryOf(run, 'logs')).toBe(f.logEnd);
  expect(f.unreadableRecords).toBe(0);

  expect(pids.size).toBe(7);
  for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 60_000);
