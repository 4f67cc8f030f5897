import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys, perPartition } from './facts.ts';
import type { ConsumerGroupLagParams } from './params.ts';

const ENDED_EARLY = 'the run ended before Kafka was asked for its final offsets';

/** "p0 120/120, p1 98/97" */
const pairs = (a: readonly number[], b: readonly number[]): string =>
  a.map((x, n) => `p${n} ${x}/${b[n]}`).join(', ');

const differing = (a: readonly number[], b: readonly number[]): number[] =>
  a.flatMap((x, n) => (x === b[n] ? [] : [n]));

export const consumerGroupLagChecks: CheckSpec<ConsumerGroupLagParams>[] = [
  {
    id: 'lag-matches-broker',
    description:
      "Where the members say they got to on each partition is the offset Kafka committed for the group, so the lag shown is Kafka's own",
    evaluate(run) {
      const { partitions } = run.params;
      const members = perPartition(run.facts, factKeys.membersNext, partitions);
      const raw = perPartition(run.facts, factKeys.brokerCommitted, partitions);
      if (members === undefined || raw === undefined) return { passed: false, detail: ENDED_EARLY };
      // The topic is new, so its log starts at 0: no commit means nothing consumed there.
      const committed = raw.map((c) => Math.max(c, 0));
      if ((run.summary.consumed ?? 0) === 0 && raw.every((c) => c < 0)) {
        return notApplicable(
          `no member processed a record and Kafka holds no commit for the group (consumers ${run.params.consumers}), so there is no progress to compare`,
        );
      }
      const off = differing(members, committed);
      return {
        passed: off.length === 0,
        detail: `per partition, members' highest processed offset + 1 / Kafka's committed offset: ${pairs(members, committed)}${off.length === 0 ? '' : ` (differ on ${off.map((n) => `p${n}`).join(', ')})`}; lag from Kafka ${String(run.facts.brokerLag)}`,
      };
    },
  },
  {
    id: 'log-holds-what-was-produced',
    description:
      'Kafka holds exactly the messages the producer saw acknowledged, on each partition',
    evaluate(run) {
      const { partitions } = run.params;
      const produced = run.summary.produced ?? 0;
      const acked = perPartition(run.facts, factKeys.producerAcked, partitions);
      const logEnd = perPartition(run.facts, factKeys.brokerLogEnd, partitions);
      const logEndTotal = run.facts.brokerLogEnd;
      if (acked === undefined || logEnd === undefined || typeof logEndTotal !== 'number') {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (produced === 0 && logEndTotal === 0) {
        return notApplicable(
          `nothing was produced (producePerSec ${run.params.producePerSec}) and the log is empty`,
        );
      }
      const off = differing(acked, logEnd);
      return {
        passed: produced === logEndTotal && off.length === 0,
        detail: `produced ${produced}, log-end offsets sum to ${logEndTotal}; per partition acknowledged / held: ${pairs(acked, logEnd)}`,
      };
    },
  },
  {
    id: 'idle-members',
    description:
      'Members beyond the partition count sit idle: idleConsumers = consumers − partitions',
    evaluate(run) {
      const { consumers, partitions } = run.params;
      if (consumers <= partitions) {
        return notApplicable(
          `${consumers} consumers ≤ ${partitions} partitions: every member can hold a partition`,
        );
      }
      const idle = run.summary.idleConsumers;
      return {
        passed: idle === consumers - partitions,
        detail: `${consumers} consumers − ${partitions} partitions = ${consumers - partitions} expected idle, ${String(idle)} seen`,
      };
    },
  },
];
