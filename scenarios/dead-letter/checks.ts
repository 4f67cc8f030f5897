// Each check sets what the clients counted or decided against what RabbitMQ reports: its
// confirms, its queues' depths at the end, and the reasons it wrote into each dead letter's
// x-death header.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { deadKey } from './metrics.ts';
import type { DeadLetterParams } from './params.ts';

type Run = FinishedRun<DeadLetterParams>;

export const factKeys = {
  confirmed: 'confirmedCount',
  processed: 'processedDistinct',
  depthWork: 'finalDepth.work',
  depthRetry: 'finalDepth.retry',
  depthDead: 'finalDepth.dead',
  depthParked: 'finalDepth.parked',
  rejectedByWorker: 'rejectedByWorker',
  parkedByWorker: 'parkedByWorker',
  ttlPublished: 'ttlPublished',
  expiredWithoutTtl: 'expiredWithoutTtl',
  /** Parked messages read back from the parking lot whose x-death shows maxAttempts − 1 retries. */
  parkedWithFullHistory: 'parkedWithFullHistory',
  parkedReadBack: 'parkedReadBack',
} as const;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

const NOT_COUNTED = 'the run ended before the final count (drain, queue depths)';

/** The facts named, or the failure verdict when the run ended before recording them. */
function facts<K extends string>(
  run: Run,
  keys: Record<K, string>,
): Record<K, number> | CheckResult {
  const out = {} as Record<K, number>;
  for (const [name, key] of Object.entries(keys) as [K, string][]) {
    const v = numberFact(run, key);
    if (v === undefined) return { passed: false, detail: NOT_COUNTED };
    out[name] = v;
  }
  return out;
}

const isVerdict = (v: object): v is CheckResult => 'detail' in v;

export const deadLetterChecks: CheckSpec<DeadLetterParams>[] = [
  {
    id: 'every-message-accounted-for',
    description:
      'Every message RabbitMQ confirmed was processed once, or is in the dead-letter queue or the parking lot (or still on its way), by RabbitMQ’s counts',
    evaluate(run) {
      const f = facts(run, {
        confirmed: factKeys.confirmed,
        processed: factKeys.processed,
        work: factKeys.depthWork,
        retry: factKeys.depthRetry,
        dead: factKeys.depthDead,
        parked: factKeys.depthParked,
      });
      if (isVerdict(f)) return f;
      if (f.confirmed === 0) {
        return notApplicable('RabbitMQ confirmed no message (publisher paused), so none was owed');
      }
      const held = f.dead + f.parked + f.work + f.retry;
      return {
        passed: f.processed + held === f.confirmed,
        detail: `${f.confirmed} confirmed; ${f.processed} processed + ${f.dead} dead-lettered + ${f.parked} parked + ${f.work + f.retry} still in the work and retry queues = ${f.processed + held}`,
      };
    },
  },
  {
    id: 'dead-letters-by-reason-match-queue',
    description:
      "The dead letters counted by their x-death reason add up to what RabbitMQ's dead-letter queue holds",
    evaluate(run) {
      const f = facts(run, { dead: factKeys.depthDead });
      if (isVerdict(f)) return f;
      const rejected = value(run, deadKey('rejected'));
      const expired = value(run, deadKey('expired'));
      const maxlen = value(run, deadKey('maxlen'));
      const sum = rejected + expired + maxlen;
      if (sum === 0 && f.dead === 0) {
        return notApplicable('nothing was dead-lettered: no poison, no expiry, no overflow');
      }
      return {
        passed: sum === f.dead,
        detail: `x-death: ${rejected} rejected + ${expired} expired + ${maxlen} maxlen = ${sum}; RabbitMQ's dead-letter queue holds ${f.dead}`,
      };
    },
  },
  {
    id: 'rejections-dead-lettered',
    description:
      'Every message the worker rejected without requeue reached the dead-letter queue marked rejected in x-death, and no other',
    evaluate(run) {
      const f = facts(run, { rejected: factKeys.rejectedByWorker });
      if (isVerdict(f)) return f;
      const marked = value(run, deadKey('rejected'));
      if (f.rejected === 0 && marked === 0) {
        return notApplicable('the worker rejected nothing (poisonRate 0, or no delivery drew it)');
      }
      return {
        passed: marked === f.rejected,
        detail: `the worker rejected ${f.rejected}; x-death says ${marked} were dead-lettered as rejected`,
      };
    },
  },
  {
    id: 'only-ttl-messages-expired',
    description: 'Every dead letter x-death gives as expired was published with a per-message TTL',
    evaluate(run) {
      const f = facts(run, { ttl: factKeys.ttlPublished, stray: factKeys.expiredWithoutTtl });
      if (isVerdict(f)) return f;
      const expired = value(run, deadKey('expired'));
      if (f.ttl === 0 && expired === 0) {
        return notApplicable(
          'no message was published with a TTL (ttlShare 0), so none could expire',
        );
      }
      if (expired === 0) {
        return notApplicable(
          `none of the ${f.ttl} messages with a TTL waited long enough to expire`,
        );
      }
      return {
        passed: f.stray === 0 && expired <= f.ttl,
        detail: `${expired} expired by x-death, ${f.stray} of them published without a TTL; ${f.ttl} were published with one`,
      };
    },
  },
  {
    id: 'parked-after-max-attempts',
    description:
      'The parking lot holds what the worker parked, each message carrying maxAttempts − 1 trips through the retry queue in its x-death',
    evaluate(run) {
      const f = facts(run, {
        depth: factKeys.depthParked,
        parked: factKeys.parkedByWorker,
        full: factKeys.parkedWithFullHistory,
        readBack: factKeys.parkedReadBack,
      });
      if (isVerdict(f)) return f;
      if (f.parked === 0 && f.depth === 0) {
        return notApplicable(`no message failed ${run.params.maxAttempts} times`);
      }
      const trips = run.params.maxAttempts - 1;
      return {
        passed: f.depth === f.parked && f.readBack === f.depth && f.full === f.depth,
        detail: `the worker parked ${f.parked}; RabbitMQ's parking lot holds ${f.depth}; of ${f.readBack} read back, ${f.full} show ${trips} retr${trips === 1 ? 'y' : 'ies'} in x-death`,
      };
    },
  },
];
