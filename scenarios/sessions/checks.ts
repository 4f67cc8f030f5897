import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import type { SessionsParams } from './params.ts';

const ENDED_EARLY = { passed: false, detail: 'the run ended before Redis was asked' };

export const sessionsChecks: CheckSpec<SessionsParams>[] = [
  {
    id: 'active-sessions-exist',
    description:
      'Every session used within its TTL at the end exists in Redis (EXISTS), and no page view found a session gone that the app had used within its TTL',
    evaluate(run) {
      const [judged, found, lost] = [
        numberFact(run, 'activeJudged'),
        numberFact(run, 'activeFound'),
        numberFact(run, 'unexpectedLosses'),
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
        numberFact(run, 'endedJudged'),
        numberFact(run, 'endedStillThere'),
        numberFact(run, 'idledJudged'),
        numberFact(run, 'idledStillThere'),
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
        detail: `${endedThere} of ${ended} ended sessions (${numberFact(run, 'loggedOutJudged') ?? 0} logged out) still in Redis; ${idledThere} of ${idled} in use at the stop still there after their TTL`,
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
        numberFact(run, 'activeFound'),
        numberFact(run, 'instancesAgreed'),
        numberFact(run, 'viewMismatches'),
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
