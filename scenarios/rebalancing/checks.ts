import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys } from './facts.ts';
import type { RebalancingParams } from './params.ts';

const ENDED_EARLY = 'the run ended before Kafka was asked';

export const rebalancingChecks: CheckSpec<RebalancingParams>[] = [
  {
    id: 'assignment-matches-broker',
    description:
      'At the end, each live member holds exactly the partitions the group coordinator says it assigned (DescribeGroups, or ConsumerGroupDescribe for the consumer protocol), and the coordinator has nothing left to move',
    evaluate(run) {
      const { facts } = run;
      const members = facts[factKeys.membersAssignment];
      const broker = facts[factKeys.brokerAssignment];
      const crashedListed = facts[factKeys.brokerListsCrashed];
      if (typeof members !== 'string') return { passed: false, detail: ENDED_EARLY };
      if (members === '') {
        return notApplicable(
          `no live member at the end (consumers ${run.params.consumers}, crashed ${run.params.crashed}), so there is no assignment to compare`,
        );
      }
      if (typeof crashedListed === 'number' && crashedListed > 0) {
        return notApplicable(
          `Kafka still listed ${crashedListed} crashed member(s): their 10 s session had not timed out when the run ended, so the group had not rebalanced yet`,
        );
      }
      if (typeof broker !== 'string') {
        return {
          passed: false,
          detail: `members hold ${members}; Kafka did not describe the group`,
        };
      }
      const stable = facts[factKeys.brokerStable] === true;
      return {
        passed: stable && broker === members,
        detail: `members hold ${members}; Kafka says ${broker}${stable ? '' : ' (and was still moving partitions)'}`,
      };
    },
  },
  {
    id: 'commits-match-progress',
    description:
      'Where the members say they got to on each partition is the offset Kafka committed for the group, however often the partition changed hands',
    evaluate(run) {
      const { partitions } = run.params;
      const members: number[] = [];
      const committed: number[] = [];
      for (let n = 0; n < partitions; n++) {
        const m = run.facts[factKeys.membersNext(n)];
        const c = run.facts[factKeys.brokerCommitted(n)];
        if (typeof m !== 'number' || typeof c !== 'number') {
          return { passed: false, detail: ENDED_EARLY };
        }
        members.push(m);
        committed.push(c);
      }
      if ((run.summary.consumed ?? 0) === 0 && committed.every((c) => c < 0)) {
        return notApplicable('no member processed a record and Kafka holds no commit');
      }
      const crashedListed = run.facts[factKeys.brokerListsCrashed];
      if (typeof crashedListed === 'number' && crashedListed > 0) {
        return notApplicable(
          'a crashed member still held partitions when the run ended: what it processed after its last commit was never committed, and no one had taken over yet',
        );
      }
      const off = members.flatMap((m, n) => (m === Math.max(committed[n] ?? -1, 0) ? [] : [n]));
      return {
        passed: off.length === 0,
        detail: `per partition, members' highest processed offset + 1 / Kafka's committed offset: ${members.map((m, n) => `p${n} ${m}/${committed[n]}`).join(', ')}${off.length === 0 ? '' : ` (differ on ${off.map((n) => `p${n}`).join(', ')})`}`,
      };
    },
  },
];
