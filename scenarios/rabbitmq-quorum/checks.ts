// What the publishers saw confirmed against a full drain of each queue after the run, and where
// the broker says the quorum leader went against which node the fault killed.
import type { CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import type { RabbitmqQuorumParams } from './params.ts';

const NO_KILL = 'the node was never killed (the load ended first): nothing to survive';

function killed(facts: RunFacts): boolean {
  return typeof facts.killedNode === 'string';
}

export const rabbitmqQuorumChecks: CheckSpec<RabbitmqQuorumParams>[] = [
  {
    id: 'quorum-keeps-confirmed',
    description:
      'Every message the quorum queue confirmed, before and after its leader was killed, is in a full drain of the queue after the run',
    evaluate({ facts }) {
      if (!killed(facts)) return notApplicable(NO_KILL);
      if (facts['reachable.quorum'] !== true) {
        return { passed: false, detail: 'the quorum queue could not be read after the run' };
      }
      const confirmed = Number(facts['confirmed.quorum']);
      const lost = Number(facts['lost.quorum']);
      if (confirmed === 0) return notApplicable('the quorum publisher had nothing confirmed');
      return {
        passed: lost === 0 && facts['drainComplete.quorum'] === true,
        detail: `${confirmed} confirmed by the publisher; the drain read ${String(facts['drained.quorum'])} of ${String(facts['depth.quorum'])} the broker held; ${lost} confirmed missing`,
      };
    },
  },
  {
    id: 'leader-moved',
    description:
      'After the kill the broker names a surviving node as the quorum leader, and the quorum publisher gets confirms again while the killed node is still down',
    evaluate({ facts }) {
      if (!killed(facts)) return notApplicable(NO_KILL);
      if (facts.leaderWatchCutShort === true) {
        return notApplicable('the load ended before the cluster named a new leader');
      }
      const after = facts.leaderAfter;
      const whileDown = Number(facts.quorumConfirmedWhileDown ?? 0);
      const back =
        facts.quorumBackAfterMs === undefined
          ? ''
          : `, the first ${String(facts.quorumBackAfterMs)} ms after the kill`;
      return {
        passed: typeof after === 'string' && after !== facts.killedNode && whileDown > 0,
        detail: `killed ${String(facts.killedNode)} (leader before: ${String(facts.leaderBefore)}); leader after, per rabbitmqctl: ${typeof after === 'string' ? after : 'none named'}; ${whileDown} quorum confirms while it was down${back}`,
      };
    },
  },
  {
    id: 'classic-loses-only-while-down',
    description:
      'Persistent messages on the durable classic queue survive the kill: the only confirmed ones missing after the restart were confirmed while its node was down',
    evaluate({ params, facts }) {
      if (!killed(facts)) return notApplicable(NO_KILL);
      if (params.classicMessages !== 'persistent') {
        return notApplicable('transient messages live in memory only: the kill loses them all');
      }
      if (facts.restartedAtMs === undefined) {
        return notApplicable(
          'the node was not restarted before the end: the classic queue is unreachable, not drained',
        );
      }
      if (facts['reachable.classic'] !== true) {
        return {
          passed: false,
          detail: 'the classic queue could not be read after its node came back',
        };
      }
      const lost = Number(facts['lost.classic']);
      const outside = Number(facts['lostOutsideOutage.classic']);
      return {
        passed: outside === 0 && facts['drainComplete.classic'] === true,
        detail: `${lost} confirmed classic messages missing from the drain, ${outside} of them confirmed before the kill or after the node was back`,
      };
    },
  },
];
