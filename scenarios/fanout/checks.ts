// Each check sets what the clients counted against what RabbitMQ said: the publisher's
// confirms (the broker taking responsibility), the queue depths it reports at the end, and the
// redelivered flag it sets on a delivery it has handed out before.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { deliveredKey } from './metrics.ts';
import type { FanoutParams } from './params.ts';

type Run = FinishedRun<FanoutParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

/** A fact the final phase records; undefined when the run ended before it asked. */
const subscriberIndexes = (run: Run): number[] =>
  Array.from({ length: run.params.subscribers }, (_, k) => k + 1);

const NOT_COUNTED = 'the run ended before the final count (confirms, drain, queue depths)';

/**
 * How many messages RabbitMQ confirmed, which every subscriber is owed; or the verdict when
 * nothing was counted or nothing is owed (the premise of the delivery checks is gone).
 */
function owed(run: Run): number | CheckResult {
  const confirmed = numberFact(run, 'confirmedCount');
  if (confirmed === undefined) return { passed: false, detail: NOT_COUNTED };
  if (confirmed === 0) {
    return notApplicable('RabbitMQ confirmed no message (publisher paused), so none was owed');
  }
  return confirmed;
}

export const fanoutChecks: CheckSpec<FanoutParams>[] = [
  {
    id: 'every-subscriber-every-message',
    description:
      'Every subscriber received every message RabbitMQ confirmed, exactly once: its deliveries = confirmed',
    evaluate(run) {
      const confirmed = owed(run);
      if (typeof confirmed !== 'number') return confirmed;
      const off: string[] = [];
      for (const i of subscriberIndexes(run)) {
        const got = value(run, deliveredKey(i));
        const missing = numberFact(run, `missing.s${i}`) ?? 0;
        if (got !== confirmed || missing > 0) {
          off.push(`subscriber ${i} got ${got}${missing > 0 ? ` and lacks ${missing}` : ''}`);
        }
      }
      const n = run.params.subscribers;
      const expected = `${n} × ${confirmed} confirmed = ${n * confirmed}`;
      if (off.length === 0) {
        return { passed: true, detail: `${expected} deliveries, each subscriber ${confirmed}` };
      }
      const queued = numberFact(run, 'finalQueueDepthTotal') ?? 0;
      const late = queued > 0 ? `; RabbitMQ still held ${queued} at the end` : '';
      return { passed: false, detail: `expected ${expected}; ${off.join(', ')}${late}` };
    },
  },
  {
    id: 'nothing-lost',
    description:
      'No confirmed message went missing: each one a subscriber lacks is still in its queue, by RabbitMQ',
    evaluate(run) {
      const confirmed = owed(run);
      if (typeof confirmed !== 'number') return confirmed;
      const n = run.params.subscribers;
      let lacked = 0;
      let queued = 0;
      let lost = 0;
      for (const i of subscriberIndexes(run)) {
        // What the subscriber's seen-set lacks of the confirmed set, against what the broker
        // says it still holds for that subscriber.
        const missing = numberFact(run, `missing.s${i}`) ?? 0;
        const depth = numberFact(run, `finalQueueDepth.s${i}`) ?? 0;
        lacked += missing;
        queued += depth;
        lost += Math.max(0, missing - depth);
      }
      return {
        passed: lost === 0,
        detail: `${n} × ${confirmed} = ${n * confirmed} owed; subscribers lacked ${lacked}, RabbitMQ still held ${queued}, so ${lost} lost`,
      };
    },
  },
  {
    id: 'no-duplicates',
    description:
      'No subscriber received a message twice: no repeated sequence number, and RabbitMQ flagged no delivery as redelivered',
    evaluate(run) {
      const redelivered = numberFact(run, 'redelivered');
      if (redelivered === undefined) return { passed: false, detail: NOT_COUNTED };
      if (value(run, 'delivered') === 0) {
        return notApplicable('no message was delivered, so none could arrive twice');
      }
      const duplicates = value(run, 'duplicates');
      return {
        passed: duplicates === 0 && redelivered === 0,
        detail: `${duplicates} repeated sequence numbers seen by the subscribers; ${redelivered} deliveries RabbitMQ flagged as redelivered`,
      };
    },
  },
  {
    id: 'broker-queues-empty',
    description:
      'RabbitMQ reports every queue empty at the end, as each subscriber holds every confirmed message',
    evaluate(run) {
      const total = numberFact(run, 'finalQueueDepthTotal');
      if (total === undefined)
        return { passed: false, detail: 'the run ended before the broker was asked' };
      const published = numberFact(run, 'publishedCount') ?? 0;
      if (published === 0) {
        return notApplicable('no message was published, so no queue had anything to drain');
      }
      const perQueue: string[] = [];
      let disagree = false;
      for (const i of subscriberIndexes(run)) {
        const depth = numberFact(run, `finalQueueDepth.s${i}`);
        const missing = numberFact(run, `missing.s${i}`) ?? 0;
        if (depth !== 0 || missing !== 0) disagree = true;
        perQueue.push(`q${i}=${String(depth ?? '?')} (subscriber ${i} lacks ${missing})`);
      }
      return { passed: !disagree, detail: `messageCount at the end: ${perQueue.join(', ')}` };
    },
  },
];
