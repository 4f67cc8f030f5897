// The writers' acknowledged lists against a fresh read of the new primary, and the writers'
// view of the failover against the Sentinels' and the nodes' own.
import type { CheckResult, CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { CUT_BLUR_MS, factKeys } from './metrics.ts';
import type { RedisFailoverParams, WriterKind } from './params.ts';

/** The writers' first write after the kill may land this early before +switch-master is heard. */
export const SWITCH_EARLY_MS = 300;
/** … and should follow it within this much (a reconnect asks the Sentinels again every 100 ms). */
export const SWITCH_LATE_MS = 2500;

const ENDED_EARLY = 'the run ended before its final read';

function loss(facts: RunFacts, w: WriterKind): { acked: number; lost: number } | undefined {
  const acked = facts[factKeys.acked(w)];
  const survived = facts[factKeys.survived(w)];
  if (acked === undefined || survived === undefined) return undefined;
  return { acked: Number(acked), lost: Number(acked) - Number(survived) };
}

function killed(facts: RunFacts): CheckResult | undefined {
  if (facts[factKeys.primaryBySentinel] === undefined)
    return { passed: false, detail: ENDED_EARLY };
  if (facts[factKeys.killAtMs] === undefined) return notApplicable('the run ended before the kill');
  if (facts[factKeys.primaryBySentinel] === facts[factKeys.killed]) {
    return { passed: false, detail: 'no failover: the Sentinels still name the killed primary' };
  }
  return undefined;
}

export const redisFailoverChecks: CheckSpec<RedisFailoverParams>[] = [
  {
    id: 'wait-loses-less',
    description:
      'Writes acknowledged after WAIT 1 lose no more than asynchronous ones, and at most a handful (fresh read of the new primary against each acknowledged list)',
    evaluate({ facts }) {
      const early = killed(facts);
      if (early) return early;
      const async = loss(facts, 'async');
      const wait = loss(facts, 'wait');
      if (!async || !wait) return { passed: false, detail: ENDED_EARLY };
      if (wait.acked === 0) return notApplicable('the WAIT writer had nothing acknowledged');
      const bound = Math.max(2, Math.ceil(wait.acked * 0.002));
      return {
        passed: wait.lost <= async.lost && wait.lost <= bound,
        detail: `WAIT 1: ${wait.lost} of ${wait.acked} acknowledged writes missing (bound ${bound}); async: ${async.lost} of ${async.acked}`,
      };
    },
  },
  {
    id: 'async-loses-the-cut',
    description:
      'The asynchronous writes missing on the new primary include every one acknowledged from the replication cut to the kill, and none acknowledged before both the cut (give or take 150 ms) and the replicas’ last confirmation (the writers’ own timings and WAIT replies against the fresh read)',
    evaluate({ params, facts }) {
      const early = killed(facts);
      if (early) return early;
      if (params.replicationCutMs === 0)
        return notApplicable('no replication cut (replicationCutMs is 0)');
      const inCut = facts[factKeys.ackedInCut('async')];
      if (inCut === undefined)
        return notApplicable('the replication cut did not come before the kill');
      const async = loss(facts, 'async');
      if (!async) return { passed: false, detail: ENDED_EARLY };
      const surely = Number(inCut);
      const nearCut = Number(facts[factKeys.ackedNearCut('async')] ?? inCut);
      // A WAIT 1 a replica confirmed vouches for every write acknowledged before it was sent.
      // When the replicas were behind before the cut, what they never had reaches back further.
      const sinceConfirmed = facts[factKeys.ackedSinceConfirmed('async')];
      const atMost = Math.max(nearCut, Number(sinceConfirmed ?? 0));
      const confirmed =
        sinceConfirmed === undefined
          ? 'no WAIT 1 was confirmed before the kill'
          : `the replicas last confirmed ${String(facts[factKeys.confirmedMs])} ms before the kill`;
      return {
        passed: async.lost >= surely && async.lost <= atMost,
        detail: `${async.lost} acknowledged async writes missing; between ${surely} and ${atMost} were acknowledged from the cut (${String(facts[factKeys.cutMs])} ms before the kill, ±${CUT_BLUR_MS} ms) to the primary's death; ${confirmed}`,
      };
    },
  },
  {
    id: 'failover-follows-sentinel',
    description:
      "The writers' first acknowledged write after the kill comes with Sentinel's +switch-master, not before it and not long after",
    evaluate({ facts }) {
      const early = killed(facts);
      if (early) return early;
      const switched = facts[factKeys.switchMasterMs];
      const resumed = facts[factKeys.failoverMs];
      if (switched === undefined)
        return { passed: false, detail: 'no Sentinel announced +switch-master' };
      if (resumed === undefined) return { passed: false, detail: 'the writers never wrote again' };
      const lag = Number(resumed) - Number(switched);
      return {
        passed: lag >= -SWITCH_EARLY_MS && lag <= SWITCH_LATE_MS,
        detail: `writes resumed ${resumed} ms after the kill; +switch-master heard at ${switched} ms`,
      };
    },
  },
  {
    id: 'replica-promoted',
    description:
      'The primary the Sentinels name at the end is a former replica, and that node itself reports the master role',
    evaluate({ facts }) {
      const early = killed(facts);
      if (early) return early;
      const bySentinel = String(facts[factKeys.primaryBySentinel]);
      const byRole = String(facts[factKeys.primaryByRole]);
      const was = String(facts[factKeys.killed]);
      return {
        passed: bySentinel === byRole && bySentinel !== was,
        detail: `killed ${was}; Sentinel names ${bySentinel}; role master reported by ${byRole}`,
      };
    },
  },
];
