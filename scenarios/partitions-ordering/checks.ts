import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { defaultPartition } from './murmur2.ts';
import { SPREAD, factKeys } from './order.ts';
import type { PartitionsOrderingParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the fresh read of the topic';
const HOT_KEY = 'key-0';

type Run = FinishedRun<PartitionsOrderingParams>;

const num = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

function perPartition(run: Run, key: (n: number) => string): number[] | undefined {
  const values = Array.from({ length: run.params.partitions }, (_, n) => num(run, key(n)));
  return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
}

/** The partition the fresh read found each key's keyed records on. */
const keyPartitions = (run: Run): [string, number][] =>
  Object.entries(run.facts).flatMap(([fact, value]) =>
    fact.startsWith('keyPartition.') && typeof value === 'number'
      ? [[fact.slice('keyPartition.'.length), value] as [string, number]]
      : [],
  );

export const partitionsOrderingChecks: CheckSpec<PartitionsOrderingParams>[] = [
  {
    id: 'log-holds-what-was-produced',
    description: 'Each partition holds exactly the records the producer saw acknowledged there',
    evaluate(run) {
      const acked = perPartition(run, factKeys.acked);
      const logEnd = perPartition(run, factKeys.logEnd);
      if (acked === undefined || logEnd === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (acked.every((a) => a === 0) && logEnd.every((e) => e === 0)) {
        return notApplicable(`nothing was produced (producePerSec ${run.params.producePerSec})`);
      }
      const pairs = acked.map((a, n) => `p${n} ${a}/${logEnd[n]}`).join(', ');
      return {
        passed: acked.every((a, n) => a === logEnd[n]),
        detail: `per partition, acknowledged / Kafka's log end: ${pairs}`,
      };
    },
  },
  {
    id: 'key-on-default-partition',
    description:
      "Every key's records are on one partition: murmur2(key) mod partitions, as the Java client computes it (an implementation of our own, not the client's)",
    evaluate(run) {
      const keyed = num(run, 'keyedRecords');
      if (keyed === undefined || num(run, 'readKeyed') === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (keyed === 0) return notApplicable('no record was sent with a key');
      const found = keyPartitions(run);
      const wrong = found.filter(([key, p]) => p !== defaultPartition(key, run.params.partitions));
      const where = found
        .slice(0, 6)
        .map(([key, p]) => `${key}→${p === SPREAD ? 'several' : `p${p}`}`)
        .join(', ');
      return {
        passed: wrong.length === 0 && num(run, 'readKeyed') === keyed && found.length > 0,
        detail: `${found.length} keys found in ${String(run.facts.readKeyed)} keyed records (${keyed} sent): ${where}${found.length > 6 ? ', …' : ''}${wrong.length > 0 ? `; not on murmur2's partition: ${wrong.map(([k]) => k).join(', ')}` : ''}`,
      };
    },
  },
  {
    id: 'per-key-order',
    description:
      'With every record keyed, the consumers saw each key in order (0 violations), and the log holds each key in sequence',
    evaluate(run) {
      const unkeyed = num(run, 'unkeyedRecords');
      const readOutOfOrder = num(run, 'readOutOfOrder');
      if (unkeyed === undefined || readOutOfOrder === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (unkeyed > 0) {
        return notApplicable(
          `${unkeyed} records went without a key, round-robin: Kafka orders only within a partition, so their keys' order is not kept`,
        );
      }
      if ((num(run, 'keyedRecords') ?? 0) === 0) return notApplicable('nothing was produced');
      const seen = run.summary.orderViolations ?? 0;
      return {
        passed: seen === 0 && readOutOfOrder === 0,
        detail: `consumers counted ${seen} out of per-key order; the fresh read found ${readOutOfOrder}`,
      };
    },
  },
  {
    id: 'hot-key-partition',
    description:
      "The hot key's partition (murmur2) is the busiest in Kafka's log, holding at least the hot key's share",
    evaluate(run) {
      const { hotKeyPct, partitions } = run.params;
      const logEnd = perPartition(run, factKeys.logEnd);
      const hotAcked = num(run, 'hotKeyAcked');
      if (logEnd === undefined || hotAcked === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (hotKeyPct === 0) return notApplicable('hotKeyPct is 0: no key is hot');
      if ((num(run, 'unkeyedRecords') ?? 0) > 0) {
        return notApplicable('records went without a key: round-robin spreads even a hot key');
      }
      if (partitions === 1) return notApplicable('one partition holds everything');
      const total = logEnd.reduce((s, n) => s + n, 0);
      if (total === 0) return notApplicable('nothing was produced');
      const hot = defaultPartition(HOT_KEY, partitions);
      const busiest = logEnd.indexOf(Math.max(...logEnd));
      const share = (logEnd[hot] ?? 0) / total;
      return {
        passed: busiest === hot && (logEnd[hot] ?? 0) >= hotAcked,
        detail: `${HOT_KEY} belongs on p${hot}; Kafka's log ends ${logEnd.map((e, n) => `p${n} ${e}`).join(', ')}: p${hot} holds ${(share * 100).toFixed(1)}% (${hotAcked} of them ${HOT_KEY}'s, ${hotKeyPct}% asked)`,
      };
    },
  },
];
