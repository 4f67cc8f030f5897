// Each check on made-up numbers: it passes on what a working run reports, fails when the
// clients and the link (or the broker, or the full read) disagree, and says not applicable when
// its premise does not hold.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { networkFaultsChecks, predictThroughput } from './checks.ts';
import { networkFaultsParams } from './params.ts';
import type { NetworkFaultsParams } from './params.ts';

const defaults = Value.Default(networkFaultsParams, {}) as NetworkFaultsParams;

// What the default run (Redis, 100 ms from 5 s to 10 s) reported.
const LATENCY_SUMMARY = {
  'latencyBefore.p50': 0.43,
  'latencyBefore.p99': 5.8,
  'latencyBefore.count': 744,
  'latencyFault.p50': 101.1,
  'latencyFault.p99': 104.9,
  'latencyFault.count': 164,
};
const LATENCY_FACTS: RunFacts = {
  faultApplied: true,
  toxicIntact: true,
  toxicLatencyMin: 100,
  toxicLatencyMax: 100,
  toxicJitterMax: 0,
  beforeMs: 3962,
  faultMs: 4999,
  beforeAnswered: 748,
  faultAnswered: 164,
  loops: 1,
  workers: 4,
  inFlightCap: 0,
  acknowledged: 2064,
  brokerHolds: 2064,
  failedRequests: 0,
  inFlightAtDrops: 0,
  settled: true,
};

// What the Kafka reset run reported: 12 requests sent again by each producer.
const KAFKA_FACTS: RunFacts = {
  faultApplied: true,
  'plain.acked': 2230,
  'plain.resends': 12,
  'plain.resentRecords': 60,
  'plain.duplicates': 60,
  'plain.lost': 0,
  'plain.readComplete': true,
  'idempotent.acked': 2230,
  'idempotent.resends': 12,
  'idempotent.resentRecords': 60,
  'idempotent.duplicates': 0,
  'idempotent.lost': 0,
  'idempotent.readComplete': true,
};

function run(
  params: Partial<NetworkFaultsParams>,
  facts: RunFacts,
  summary: Record<string, number> = {},
): FinishedRun<NetworkFaultsParams> {
  return { params: { ...defaults, ...params }, summary, facts, durationMs: 15_000 };
}
const latencyRun = (facts: RunFacts = {}, summary: Record<string, number> = {}) =>
  run({}, { ...LATENCY_FACTS, ...facts }, { ...LATENCY_SUMMARY, ...summary });
const kafkaRun = (facts: RunFacts = {}, params: Partial<NetworkFaultsParams> = {}) =>
  run({ broker: 'kafka', toxic: 'reset_peer', ...params }, { ...KAFKA_FACTS, ...facts });

const status = (id: string, r: FinishedRun<NetworkFaultsParams>): string => {
  const check = networkFaultsChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('latency-rises-by-the-toxic', () => {
  const id = 'latency-rises-by-the-toxic';
  it('passes when the median moved by the link’s latency, fails when it moved less', () => {
    expect(status(id, latencyRun())).toBe('passed');
    expect(status(id, latencyRun({}, { 'latencyFault.p50': 60 }))).toBe('failed');
    // The link says 150 ms: the clients' +100.7 ms is short of it.
    expect(status(id, latencyRun({ toxicLatencyMin: 150, toxicLatencyMax: 150 }))).toBe('failed');
  });
  it('allows for the jitter the link reports, and no more', () => {
    const jittery = { 'latencyFault.p50': 92 };
    expect(status(id, latencyRun({ toxicJitterMax: 10 }, jittery))).toBe('passed');
    expect(status(id, latencyRun({ toxicJitterMax: 5 }, jittery))).toBe('failed');
  });
  it('is not applicable for another toxic, a fault never applied, or too few requests', () => {
    expect(status(id, run({ toxic: 'bandwidth' }, LATENCY_FACTS, LATENCY_SUMMARY))).toBe(
      'not-applicable',
    );
    expect(status(id, latencyRun({ faultApplied: false }))).toBe('not-applicable');
    expect(status(id, latencyRun({ toxicIntact: false }))).toBe('not-applicable');
    expect(status(id, latencyRun({}, { 'latencyFault.count': 5 }))).toBe('not-applicable');
  });
});

describe('throughput-follows-littles-law', () => {
  const id = 'throughput-follows-littles-law';
  it('passes when the rate during the fault is what N / (N/X + L) predicts', () => {
    expect(status(id, latencyRun())).toBe('passed');
  });
  it('fails when the rate did not drop as predicted, or rose', () => {
    expect(status(id, latencyRun({ faultAnswered: 400 }))).toBe('failed');
    expect(status(id, latencyRun({ faultAnswered: 60 }))).toBe('failed');
  });
  it('is not applicable when the latency changed during the fault or jitter dominates', () => {
    expect(status(id, latencyRun({ toxicLatencyMax: 300 }))).toBe('not-applicable');
    expect(status(id, latencyRun({ toxicJitterMax: 50 }))).toBe('not-applicable');
  });
  it('bounds a connection that takes one request at a time by cap / latency', () => {
    // Kafka: two producers, one send each, 78 requests/s before, 100 ms added: 2 × 1 / 0.1 s
    // would allow 20/s; 1 / (1/39 + 0.1) = 7.96/s each is the tighter bound.
    const x = predictThroughput({ xBefore: 78, workers: 2, loops: 2, cap: 1, latencyMs: 100 });
    expect(x).toBeCloseTo(15.9, 1);
    // Eight workers sharing one request at a time: cap / L = 10/s, not 8 / (8/400 + 0.1).
    expect(predictThroughput({ xBefore: 400, workers: 8, loops: 1, cap: 1, latencyMs: 100 })).toBe(
      10,
    );
  });
});

describe('broker-holds-the-acknowledged', () => {
  const id = 'broker-holds-the-acknowledged';
  it('passes when the broker holds exactly the acknowledged writes', () => {
    expect(status(id, latencyRun())).toBe('passed');
  });
  it('fails when an acknowledged write is missing', () => {
    expect(status(id, latencyRun({ brokerHolds: 2063 }))).toBe('failed');
  });
  it('allows one extra per failed request or request in flight at a drop, and no more', () => {
    expect(status(id, latencyRun({ brokerHolds: 2104, inFlightAtDrops: 40 }))).toBe('passed');
    expect(status(id, latencyRun({ brokerHolds: 2105, inFlightAtDrops: 40 }))).toBe('failed');
    expect(status(id, latencyRun({ brokerHolds: 2066, failedRequests: 2 }))).toBe('passed');
  });
  it('is not applicable on Kafka or while a request was still unanswered', () => {
    expect(status(id, run({ broker: 'kafka' }, LATENCY_FACTS))).toBe('not-applicable');
    expect(status(id, latencyRun({ settled: false }))).toBe('not-applicable');
  });
});

describe('the Kafka checks', () => {
  it('nothing-lost fails when an acknowledged id is missing, or when a read did not finish', () => {
    expect(status('nothing-lost', kafkaRun())).toBe('passed');
    expect(status('nothing-lost', kafkaRun({ 'idempotent.lost': 1 }))).toBe('failed');
    expect(status('nothing-lost', kafkaRun({ 'plain.readComplete': false }))).toBe('failed');
    expect(status('nothing-lost', latencyRun())).toBe('not-applicable');
  });

  it('idempotent-no-duplicates fails on any extra copy, and needs a request sent again', () => {
    const id = 'idempotent-no-duplicates';
    expect(status(id, kafkaRun())).toBe('passed');
    expect(status(id, kafkaRun({ 'idempotent.duplicates': 5 }))).toBe('failed');
    expect(status(id, kafkaRun({ 'idempotent.resends': 0 }))).toBe('not-applicable');
  });

  it('duplicates-are-resent-batches holds the read’s extra copies against the requests sent again', () => {
    const id = 'duplicates-are-resent-batches';
    expect(status(id, kafkaRun())).toBe('passed');
    // Fewer than sent again (a request cut before the broker read it): still whole batches.
    expect(status(id, kafkaRun({ 'plain.duplicates': 40 }))).toBe('passed');
    expect(status(id, kafkaRun({ 'plain.duplicates': 65 }))).toBe('failed');
    expect(status(id, kafkaRun({ 'plain.duplicates': 43 }))).toBe('failed');
    expect(
      status(id, kafkaRun({ 'plain.resends': 0, 'plain.resentRecords': 0, 'plain.duplicates': 5 })),
    ).toBe('failed');
    expect(
      status(id, kafkaRun({ 'plain.resends': 0, 'plain.resentRecords': 0, 'plain.duplicates': 0 })),
    ).toBe('not-applicable');
  });
});
