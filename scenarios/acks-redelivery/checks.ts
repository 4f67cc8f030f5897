// Each check sets what the clients counted against what RabbitMQ said: its publisher confirms,
// the queue's depth once the consumers were gone, and the redelivered flag it sets on a delivery
// it has handed out before.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import { plural } from '../src/sdk/narration.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { AcksParams } from './params.ts';

type Run = FinishedRun<AcksParams>;

/** Fact keys the final phase records. */
export const factKeys = {
  confirmed: 'confirmedCount',
  /** Confirmed sequence numbers no consumer processed. */
  unprocessed: 'unprocessed',
  /** RabbitMQ's ready count once every consumer had gone. */
  finalDepth: 'finalQueueDepth',
  crashes: 'crashes',
  /** Deliveries RabbitMQ flagged redelivered, over every consumer the run had. */
  redeliveredFlagged: 'redeliveredFlagged',
} as const;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

const NOT_COUNTED = 'the run ended before the final count (confirms, drain, queue depth)';

interface Accounting {
  confirmed: number;
  unprocessed: number;
  depth: number;
  /** Confirmed, never processed, and no longer in the queue, by RabbitMQ's own numbers. */
  gone: number;
}

function accounting(run: Run): Accounting | CheckResult {
  const confirmed = numberFact(run, factKeys.confirmed);
  const unprocessed = numberFact(run, factKeys.unprocessed);
  const depth = numberFact(run, factKeys.finalDepth);
  if (confirmed === undefined || unprocessed === undefined || depth === undefined) {
    return { passed: false, detail: NOT_COUNTED };
  }
  if (confirmed === 0) {
    return notApplicable('RabbitMQ confirmed no message (publisher paused), so none was owed');
  }
  return { confirmed, unprocessed, depth, gone: unprocessed - depth };
}

const describeGone = (a: Accounting): string =>
  `${a.confirmed} confirmed; ${a.unprocessed} never processed, ${a.depth} still in the queue (RabbitMQ), so ${a.gone} gone`;

export const acksChecks: CheckSpec<AcksParams>[] = [
  {
    id: 'manual-ack-loses-nothing',
    description:
      'Under manual ack every message RabbitMQ confirmed was processed or is still in its queue, crashes or not',
    evaluate(run) {
      if (run.params.ackMode !== 'manual') {
        return notApplicable(
          'auto ack makes no such promise: see auto-ack-loses-what-was-in-flight',
        );
      }
      const a = accounting(run);
      if (!('gone' in a)) return a;
      return { passed: a.gone === 0, detail: describeGone(a) };
    },
  },
  {
    id: 'auto-ack-loses-what-was-in-flight',
    description:
      'Under auto ack the confirmed messages RabbitMQ no longer holds and no consumer processed are exactly those the crashed consumers held',
    evaluate(run) {
      if (run.params.ackMode !== 'auto') {
        return notApplicable('manual ack: nothing is lost, see manual-ack-loses-nothing');
      }
      const crashes = numberFact(run, factKeys.crashes);
      if (crashes === undefined) return { passed: false, detail: NOT_COUNTED };
      if (crashes === 0)
        return notApplicable('no consumer crashed, so nothing was in flight to lose');
      const a = accounting(run);
      if (!('gone' in a)) return a;
      const held = value(run, 'lost');
      return {
        passed: a.gone === held,
        detail: `${describeGone(a)}; ${plural(crashes, 'crash', 'crashes')} caught ${held} unprocessed`,
      };
    },
  },
  {
    id: 'redelivered-are-the-unacked',
    description:
      'RabbitMQ flagged as redelivered exactly what crashed consumers held unacked (none under auto ack), and the consumers saw each of those again',
    evaluate(run) {
      const crashes = numberFact(run, factKeys.crashes);
      const flagged = numberFact(run, factKeys.redeliveredFlagged);
      if (crashes === undefined || flagged === undefined) {
        return { passed: false, detail: NOT_COUNTED };
      }
      if (crashes === 0) return notApplicable('no consumer crashed, so nothing was to be resent');
      const duplicates = value(run, 'duplicates');
      // Under auto ack RabbitMQ forgot each message as it sent it: nothing can come back.
      const requeued = run.params.ackMode === 'manual' ? value(run, 'requeued') : 0;
      return {
        passed: flagged === requeued && duplicates === requeued,
        detail: `${plural(crashes, 'crash', 'crashes')} left ${requeued} unacked; RabbitMQ flagged ${flagged} deliveries redelivered; the consumers saw ${duplicates} sequence numbers again`,
      };
    },
  },
];
