import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { SessionsParams } from './params.ts';

type Run = FinishedRun<SessionsParams>;

const fact = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};
const ENDED_EARLY = { passed: false, detail: 'the run ended before Redis was asked' };

export const sessionsChecks: CheckSpec<SessionsParams>[] = [
  {
    id: 'active-sessions-exist',
    description:
      'Every session used within its TTL at the end exists in Redis (EXISTS), and no page view found a session gone that the app had used within its TTL',
    evaluate(run) {
      const [judged, found, lost] = [
        fact(run, 'activeJudged'),
        fact(run, 'activeFound'),
        fact(run, 'unexpectedLosses'),
      ];
      if (judged === undefined || found === undefined || lost === undefined) return ENDED_EARLY;
      if (judged === 0 && lost === 0) return notApplicable('no session was in use at the end');
      return {
        passed: found === judged && lost === 0,
        detail: `${found} of ${judged} sessions in use found in Redis; ${lost} lost within their TTL during the run`,
      };
    },
  },
  {
    id: 'ended-sessions-gone',
    description:
      'Sessions logged out (DEL) or idle past their TTL are gone from Redis (EXISTS 0), including those in use at the stop once their TTL ran out',
    evaluate(run) {
      const [ended, endedThere, idled, idledThere] = [
        fact(run, 'endedJudged'),
        fact(run, 'endedStillThere'),
        fact(run, 'idledJudged'),
        fact(run, 'idledStillThere'),
      ];
      if (
        ended === undefined ||
        endedThere === undefined ||
        idled === undefined ||
        idledThere === undefined
      ) {
        return ENDED_EARLY;
      }
      if (ended + idled === 0)
        return notApplicable('no session had ended by the time Redis was asked');
      return {
        passed: endedThere === 0 && idledThere === 0,
        detail: `${endedThere} of ${ended} ended sessions (${fact(run, 'loggedOutJudged') ?? 0} logged out) still in Redis; ${idledThere} of ${idled} in use at the stop still there after their TTL`,
      };
    },
  },
  {
    id: 'instances-read-the-same-session',
    description:
      'Every instance reads the same session: each page view saw the views counted by whichever instances served the earlier ones, and at the end every instance reads each session in use with the app’s own count of its views',
    evaluate(run) {
      if (run.params.instances === 1) return notApplicable('one instance: nothing to share');
      const [judged, agreed, mismatches, handoffs] = [
        fact(run, 'activeFound'),
        fact(run, 'instancesAgreed'),
        fact(run, 'viewMismatches'),
        run.summary.handoffs ?? 0,
      ];
      if (judged === undefined || agreed === undefined || mismatches === undefined)
        return ENDED_EARLY;
      if (handoffs === 0 && judged === 0)
        return notApplicable('no request changed instance and no session was in use at the end');
      return {
        passed: agreed === judged && mismatches === 0,
        detail: `${agreed} of ${judged} sessions read the same from all ${run.params.instances} instances; ${mismatches} page views saw another count than the app's (${handoffs} handoffs)`,
      };
    },
  },
];
