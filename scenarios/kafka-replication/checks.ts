// What each producer was told against what Kafka reports: its metadata (leaders and ISRs before
// and after the kill) and a fresh full read of each topic.
import type { CheckResult, CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { factKeys } from './facts.ts';
import type { ProducerName } from './facts.ts';
import type { KafkaReplicationParams } from './params.ts';

const NO_KILL = 'the run ended before the leader was killed';

const num = (facts: RunFacts, key: string): number | undefined =>
  facts[key] === undefined ? undefined : Number(facts[key]);

interface Tally {
  acked: number;
  found: number;
  lost: number;
  lostBeforeKill: number;
  spanMs: number;
  complete: boolean;
}

function tallyOf(facts: RunFacts, p: ProducerName): Tally | undefined {
  const acked = num(facts, factKeys.acked(p));
  const found = num(facts, factKeys.found(p));
  if (acked === undefined || found === undefined) return undefined;
  return {
    acked,
    found,
    lost: acked - found,
    lostBeforeKill: num(facts, factKeys.lostBeforeKill(p)) ?? 0,
    spanMs: num(facts, factKeys.lostSpanMs(p)) ?? 0,
    complete: facts[factKeys.readComplete(p)] === true,
  };
}

/** Not applicable when there is nothing to hold the producer's tally against. */
function unread(facts: RunFacts, p: ProducerName): CheckResult | undefined {
  const error = facts[factKeys.readError(p)];
  if (error !== undefined) return notApplicable(`Kafka refused the full read: ${String(error)}`);
  return undefined;
}

function killed(facts: RunFacts): boolean {
  return facts[factKeys.killAtMs] !== undefined;
}

export const kafkaReplicationChecks: CheckSpec<KafkaReplicationParams>[] = [
  {
    id: 'acks-all-loses-nothing',
    description:
      'With acks=all and min.insync.replicas=2, every record acknowledged to the producer is found by a full read after the leader was killed',
    evaluate({ facts }): CheckResult {
      if (!killed(facts)) return notApplicable(NO_KILL);
      const t = tallyOf(facts, 'acksAll');
      if (t === undefined)
        return unread(facts, 'acksAll') ?? notApplicable('the run ended before the final read');
      if (t.acked === 0) return notApplicable('nothing was acknowledged to the acks=all producer');
      const detail = `${fmt(t.acked)} acknowledged; the full read found ${fmt(t.found)}`;
      if (!t.complete) return { passed: false, detail: `${detail}, and did not reach the log end` };
      return { passed: t.lost === 0, detail };
    },
  },
  {
    id: 'acks1-losses-precede-the-kill',
    description:
      'The acks=1 records missing from the full read were all acknowledged before the kill, by the leader alone, in the moments before it died',
    evaluate({ facts }): CheckResult {
      if (!killed(facts)) return notApplicable(NO_KILL);
      const t = tallyOf(facts, 'acks1');
      if (t === undefined)
        return unread(facts, 'acks1') ?? notApplicable('the run ended before the final read');
      if (!t.complete) {
        return {
          passed: false,
          detail: 'the full read of the acks=1 topic did not reach the log end',
        };
      }
      if (t.lost === 0) {
        return notApplicable(
          `acks=1 lost none of ${fmt(t.acked)} acknowledged records this time: the followers had fetched everything the leader took before it died`,
        );
      }
      return {
        passed: t.lostBeforeKill === t.lost,
        detail: `${fmt(t.lost)} of ${fmt(t.acked)} acknowledged records missing; ${fmt(t.lostBeforeKill)} of them acknowledged before the kill, within its last ${fmt(t.spanMs)} ms`,
      };
    },
  },
  {
    id: 'new-leaders-from-the-isr',
    description:
      'After the kill, Kafka’s metadata gives every partition a new leader that was in its in-sync replicas before the kill',
    evaluate({ facts }): CheckResult {
      if (!killed(facts)) return notApplicable(NO_KILL);
      const election = num(facts, factKeys.electionMs);
      if (election === undefined) {
        return {
          passed: false,
          detail: 'no metadata answer gave every partition a live leader after the kill',
        };
      }
      return {
        passed: facts[factKeys.leadersFromIsr] === true,
        detail: `before: ${String(facts[factKeys.before])}; ${fmt(election)} ms after the kill: ${String(facts[factKeys.after])}`,
      };
    },
  },
  {
    id: 'isr-grows-back',
    description:
      'Once the killed node is started again, it catches up and Kafka lists it in every partition’s ISR again',
    evaluate({ params, facts }): CheckResult {
      if (params.restartAfterSec === 0)
        return notApplicable('restartAfterSec is 0: the node stays down');
      if (!killed(facts)) return notApplicable(NO_KILL);
      if (facts[factKeys.isrFull] === undefined) {
        return notApplicable('the load stopped before the killed node had started again');
      }
      const ms = num(facts, factKeys.isrRestoredMs);
      return {
        passed: facts[factKeys.isrFull] === true,
        detail:
          facts[factKeys.isrFull] === true
            ? `every ISR full again${ms === undefined ? '' : `, ${fmt(ms)} ms after the restart began`}`
            : 'some partitions were still under-replicated at the end',
      };
    },
  },
];
