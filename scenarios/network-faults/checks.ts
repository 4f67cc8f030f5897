import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys } from './facts.ts';
import type { KafkaFact } from './facts.ts';
import type { ProducerKind } from './kafka-producers.ts';
import type { NetworkFaultsParams } from './params.ts';

type Run = FinishedRun<NetworkFaultsParams>;

const ENDED_EARLY = 'the run ended before its final count';
/** Fewer requests than this in a window make its p99 and its rate too coarse to compare. */
export const MIN_REQUESTS = 20;
/** Little's law is exact for averages; the windows' edges and timer overshoot are not. */
export const THROUGHPUT_TOLERANCE = 0.25;

const num = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};
const kafkaNum = (run: Run, kind: ProducerKind, what: KafkaFact): number | undefined =>
  num(run, factKeys.kafka(kind, what));
const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The latency toxic was in force and read back at one setting, or why a check cannot use it. */
function latencyPremise(run: Run): { latency: number; jitter: number } | CheckResult {
  if (run.params.toxic !== 'latency') {
    return notApplicable(`the toxic is ${run.params.toxic}, not latency`);
  }
  if (run.facts[factKeys.faultApplied] !== true) {
    return notApplicable(
      `the toxic was never added (the load stopped before ${run.params.faultAtSec} s)`,
    );
  }
  if (run.facts[factKeys.toxicIntact] === false) {
    return notApplicable('the toxic was removed before the scripted lift (from the fault panel?)');
  }
  const min = num(run, factKeys.toxicLatencyMin);
  const max = num(run, factKeys.toxicLatencyMax);
  if (min === undefined || max === undefined) return { passed: false, detail: ENDED_EARLY };
  if (min === 0) return notApplicable('the link’s latency toxic read back 0 ms: nothing added');
  return { latency: min, jitter: num(run, factKeys.toxicJitterMax) ?? 0 };
}

const isResult = (x: object): x is CheckResult => 'detail' in x;

export const networkFaultsChecks: CheckSpec<NetworkFaultsParams>[] = [
  {
    id: 'latency-rises-by-the-toxic',
    description:
      'While the latency toxic is in force, the clients’ median latency is higher than before it by at least the latency the link reports it adds (less its jitter); the p99 is shown beside it',
    evaluate(run) {
      const premise = latencyPremise(run);
      if (isResult(premise)) return premise;
      const s = run.summary;
      const [p50Before, p50During, p99Before, p99During] = [
        s['latencyBefore.p50'],
        s['latencyFault.p50'],
        s['latencyBefore.p99'],
        s['latencyFault.p99'],
      ];
      const nBefore = s['latencyBefore.count'] ?? 0;
      const nDuring = s['latencyFault.count'] ?? 0;
      if (
        p50Before === undefined ||
        p50During === undefined ||
        p99Before === undefined ||
        p99During === undefined ||
        Math.min(nBefore, nDuring) < MIN_REQUESTS
      ) {
        return notApplicable(
          `too few whole requests to compare (${nBefore} before, ${nDuring} during; ${MIN_REQUESTS} each needed)`,
        );
      }
      // Every request waits at least latency − jitter in the link, so the median moves by that
      // much. The p99 before the fault is the shared machine's scheduling noise (a few ms, from
      // a few requests), so p99 against p99 could miss by that noise with the toxic working.
      const floor = premise.latency - premise.jitter;
      return {
        passed: p50During - p50Before >= floor,
        detail: `median ${r1(p50Before)} → ${r1(p50During)} ms (+${r1(p50During - p50Before)}), p99 ${r1(p99Before)} → ${r1(p99During)} ms, against the link’s ${premise.latency}${premise.jitter ? `±${premise.jitter}` : ''} ms`,
      };
    },
  },
  {
    id: 'throughput-follows-littles-law',
    description:
      'Closed loop: throughput during the fault drops to what Little’s law predicts from the throughput before it and the latency the link adds (within 25 %)',
    evaluate(run) {
      const premise = latencyPremise(run);
      if (isResult(premise)) return premise;
      const L = premise.latency;
      if (num(run, factKeys.toxicLatencyMax) !== L) {
        return notApplicable(
          'the latency changed while the fault was in force: no single rate to predict',
        );
      }
      if (premise.jitter > L / 4) {
        return notApplicable(
          `jitter ${premise.jitter} ms on ${L} ms: replies queue behind slower ones, so the mean delay is not the link’s latency`,
        );
      }
      const [beforeMs, faultMs, beforeN, faultN, workers, loops, cap] = [
        factKeys.beforeMs,
        factKeys.faultMs,
        factKeys.beforeAnswered,
        factKeys.faultAnswered,
        factKeys.workers,
        factKeys.loops,
        factKeys.inFlightCap,
      ].map((k) => num(run, k));
      if (
        beforeMs === undefined ||
        faultMs === undefined ||
        beforeN === undefined ||
        faultN === undefined ||
        workers === undefined ||
        loops === undefined ||
        cap === undefined
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (Math.min(beforeN, faultN) < MIN_REQUESTS) {
        return notApplicable(
          `too few answers to measure a rate (${beforeN} before, ${faultN} during; ${MIN_REQUESTS} each needed)`,
        );
      }
      const xBefore = (beforeN / beforeMs) * 1000;
      const measured = (faultN / faultMs) * 1000;
      const predicted = predictThroughput({ xBefore, workers, loops, cap, latencyMs: L });
      const off = Math.abs(measured - predicted) / predicted;
      return {
        passed: off <= THROUGHPUT_TOLERANCE && measured < xBefore,
        detail: `${r1(xBefore)} requests/s before; during: ${r1(measured)} measured, ${r1(predicted)} predicted by Little’s law with ${L} ms more per request (${Math.round(off * 100)} % off)`,
      };
    },
  },
  {
    id: 'broker-holds-the-acknowledged',
    description:
      'Redis’s list length or RabbitMQ’s queue depth, read afresh, holds every write the clients saw acknowledged, and at most one more per request that failed or was in flight when its connection dropped',
    evaluate(run) {
      if (run.params.broker === 'kafka') {
        return notApplicable('Kafka: the topics are read id by id (see the duplicate checks)');
      }
      const acked = num(run, factKeys.acknowledged);
      const holds = num(run, factKeys.brokerHolds);
      const failed = num(run, factKeys.failedRequests);
      const exposed = num(run, factKeys.inFlightAtDrops);
      if (
        acked === undefined ||
        holds === undefined ||
        failed === undefined ||
        exposed === undefined
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (run.facts[factKeys.settled] !== true) {
        return notApplicable(
          'a request was still unanswered at the final read: its fate is unknown',
        );
      }
      if (acked === 0 && holds === 0) return notApplicable('nothing was written');
      return {
        passed: holds >= acked && holds <= acked + failed + exposed,
        detail: `${run.params.broker} holds ${holds}; the clients saw ${acked} acknowledged, ${failed} failed, ${exposed} in flight at a dropped connection`,
      };
    },
  },
  {
    id: 'nothing-lost',
    description:
      'Kafka: a full read of each producer’s topic finds every id Kafka acknowledged (acks=all, retries on)',
    evaluate(run) {
      if (run.params.broker !== 'kafka') return notApplicable(`the broker is ${run.params.broker}`);
      const parts: string[] = [];
      let passed = true;
      for (const kind of ['plain', 'idempotent'] as const) {
        const acked = kafkaNum(run, kind, 'acked');
        const lost = kafkaNum(run, kind, 'lost');
        if (
          acked === undefined ||
          lost === undefined ||
          run.facts[factKeys.kafka(kind, 'readComplete')] !== true
        ) {
          return { passed: false, detail: ENDED_EARLY };
        }
        passed &&= lost === 0;
        parts.push(`${kind}: ${lost} of ${acked} missing`);
      }
      return { passed, detail: parts.join('; ') };
    },
  },
  {
    id: 'idempotent-no-duplicates',
    description:
      'Kafka: the idempotent producer sent requests again, and a full read of its topic finds no id twice',
    evaluate(run) {
      if (run.params.broker !== 'kafka') return notApplicable(`the broker is ${run.params.broker}`);
      const resends = kafkaNum(run, 'idempotent', 'resends');
      const duplicates = kafkaNum(run, 'idempotent', 'duplicates');
      if (
        resends === undefined ||
        duplicates === undefined ||
        run.facts[factKeys.kafka('idempotent', 'readComplete')] !== true
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (resends === 0) {
        return notApplicable(
          'the idempotent producer never sent a request again: nothing could duplicate',
        );
      }
      return {
        passed: duplicates === 0,
        detail: `${resends} produce requests sent again; ${duplicates} extra copies in its topic`,
      };
    },
  },
  {
    id: 'duplicates-are-resent-batches',
    description:
      'Kafka: every extra copy a full read finds in the non-idempotent producer’s topic came from a request it sent again: they number at most the records of those requests, in whole batches',
    evaluate(run) {
      if (run.params.broker !== 'kafka') return notApplicable(`the broker is ${run.params.broker}`);
      const [resends, resent, duplicates] = (
        ['resends', 'resentRecords', 'duplicates'] as const
      ).map((w) => kafkaNum(run, 'plain', w));
      if (
        resends === undefined ||
        resent === undefined ||
        duplicates === undefined ||
        run.facts[factKeys.kafka('plain', 'readComplete')] !== true
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (resends === 0) {
        return duplicates === 0
          ? notApplicable('the producer never sent a request again: nothing could duplicate')
          : { passed: false, detail: `${duplicates} extra copies, yet no request was sent twice` };
      }
      const batch = run.params.batchSize;
      return {
        passed: duplicates <= resent && duplicates % batch === 0,
        detail: `${resends} requests sent again, ${resent} records in them; the full read finds ${duplicates} extra copies (${duplicates / batch} batches of ${batch})`,
      };
    },
  },
];

/**
 * Little's law for a closed loop: throughput = in flight / (latency + think). Before the fault a
 * loop of N workers answering X requests/s spends N/X per cycle; the toxic adds L to each, so
 * N / (N/X + L) — unless the connection takes only `cap` requests at a time, which then bounds it
 * at cap / L.
 */
export function predictThroughput(o: {
  xBefore: number;
  workers: number;
  loops: number;
  cap: number;
  latencyMs: number;
}): number {
  const n = o.workers / o.loops;
  const x = o.xBefore / o.loops;
  const L = o.latencyMs / 1000;
  const open = n / (n / x + L);
  return o.loops * (o.cap > 0 ? Math.min(open, o.cap / L) : open);
}
