// Each check holds one side's record against the other's: RabbitMQ's confirms and queue depth
// against the servers' log of requests received, and the servers' log of what they answered
// against what the clients received, request by request (correlation id).
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { RpcParams } from './params.ts';

type Run = FinishedRun<RpcParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

const ENDED_EARLY = {
  passed: false,
  detail: 'the run ended before the final count (drain, servers’ log, queue depth)',
};

const NO_TIMEOUTS =
  'no request timed out: server 1 answered within the timeout (raise slowServerDelayMs above timeoutMs)';

export const rpcChecks: CheckSpec<RpcParams>[] = [
  {
    id: 'every-request-reached-a-server',
    description:
      'Every request RabbitMQ confirmed reached a server: the servers’ log of requests received + what RabbitMQ still holds in the request queue = confirmed',
    evaluate(run) {
      const confirmed = numberFact(run, 'requestsConfirmed');
      const received = numberFact(run, 'serversReceived');
      const depth = numberFact(run, 'requestQueueDepth');
      if (confirmed === undefined || received === undefined || depth === undefined)
        return ENDED_EARLY;
      if (confirmed === 0) return notApplicable('RabbitMQ confirmed no request (rate 0)');
      return {
        passed: received + depth === confirmed,
        detail: `servers received ${received} + ${depth} still in the queue (RabbitMQ) = ${received + depth}; RabbitMQ confirmed ${confirmed} of the ${value(run, 'requests')} the clients sent`,
      };
    },
  },
  {
    id: 'every-reply-matched-once',
    description:
      'Every reply a server logged reached its client exactly once, carrying its own request’s answer; no client got a reply no server sent',
    evaluate(run) {
      const answered = numberFact(run, 'serversAnswered');
      const received = numberFact(run, 'clientsReceived');
      if (answered === undefined || received === undefined) return ENDED_EARLY;
      if (answered === 0 && received === 0)
        return notApplicable('no request was answered (rate 0)');
      const off = {
        'answered, never received': numberFact(run, 'answeredNotReceived') ?? 0,
        'received, never answered': numberFact(run, 'receivedNotAnswered') ?? 0,
        'answered twice': numberFact(run, 'serversAnsweredTwice') ?? 0,
        'received twice': numberFact(run, 'duplicateReplies') ?? 0,
        'wrong body': numberFact(run, 'wrongBodies') ?? 0,
        'for no known request': numberFact(run, 'unknownReplies') ?? 0,
      };
      const inTime = value(run, 'replies');
      const late = value(run, 'lateReplies');
      const problems = Object.entries(off).filter(([, n]) => n > 0);
      const counted = inTime + late;
      return {
        passed: problems.length === 0 && counted === answered,
        detail:
          `servers answered ${answered}; clients matched ${inTime} in time + ${late} late = ${counted}` +
          (problems.length === 0
            ? ', each once'
            : `; ${problems.map(([what, n]) => `${n} ${what}`).join(', ')}`),
      };
    },
  },
  {
    id: 'late-replies-discarded',
    description:
      'A reply to a request its client had given up on was counted late and discarded, never matched: late replies = the servers’ answers to timed-out requests',
    evaluate(run) {
      const afterTimeout = numberFact(run, 'answeredAfterTimeout');
      const answered = numberFact(run, 'serversAnswered');
      if (afterTimeout === undefined || answered === undefined) return ENDED_EARLY;
      if (value(run, 'timeouts') === 0) return notApplicable(NO_TIMEOUTS);
      const late = value(run, 'lateReplies');
      const inTime = value(run, 'replies');
      return {
        passed: late === afterTimeout && inTime === answered - afterTimeout,
        detail: `servers answered ${afterTimeout} requests their client had timed out; clients counted ${late} late replies, and ${inTime} in time of the ${answered - afterTimeout} others`,
      };
    },
  },
  {
    id: 'timed-out-work-still-done',
    description:
      'A timeout cancels nothing: every request a client gave up on was still answered by a server, by the servers’ log',
    evaluate(run) {
      const afterTimeout = numberFact(run, 'answeredAfterTimeout');
      if (afterTimeout === undefined) return ENDED_EARLY;
      const timeouts = value(run, 'timeouts');
      if (timeouts === 0) return notApplicable(NO_TIMEOUTS);
      return {
        passed: afterTimeout === timeouts,
        detail: `clients gave up on ${timeouts} requests; the servers’ log shows ${afterTimeout} of them answered anyway`,
      };
    },
  },
];
