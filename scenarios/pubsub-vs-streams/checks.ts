import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { PubsubVsStreamsParams } from './params.ts';

type Run = FinishedRun<PubsubVsStreamsParams>;

const ENDED_EARLY = 'the run ended before Redis was asked at the end';

/** The facts a check needs, or why it cannot judge: missing ones fail, no events at all N/A. */
function needs<K extends string[]>(run: Run, ...keys: K): { [I in keyof K]: number } | CheckResult {
  const values = keys.map((k) => run.facts[k]);
  if (values.some((v) => typeof v !== 'number')) return { passed: false, detail: ENDED_EARLY };
  if (run.facts.published === 0)
    return notApplicable('nothing was published (eventsPerSec 0 or stopped at once)');
  return values as { [I in keyof K]: number };
}

export const pubsubVsStreamsChecks: CheckSpec<PubsubVsStreamsParams>[] = [
  {
    id: 'pubsub-received-what-redis-delivered',
    description:
      'The subscriber received every message Redis handed it: its count = the sum of PUBLISH replies (subscribers reached)',
    evaluate(run) {
      const got = needs(run, 'published', 'pubsubDeliveries');
      if (!Array.isArray(got)) return got;
      const [published, deliveries] = got;
      const received = run.summary['received.pubsub'] ?? 0;
      return {
        passed: received === deliveries,
        detail: `the subscriber received ${received}; PUBLISH replies add up to ${deliveries} (of ${published} published)`,
      };
    },
  },
  {
    id: 'pubsub-lost-what-was-sent-while-away',
    description:
      'The events the subscriber never received are exactly those Redis delivered to no one (PUBLISH replied 0)',
    evaluate(run) {
      const got = needs(run, 'pubsubMissed', 'pubsubUnheard', 'pubsubUnheardReceived');
      if (!Array.isArray(got)) return got;
      const [missed, unheard, unheardReceived] = got;
      if (missed === 0 && unheard === 0)
        return notApplicable(
          'the subscriber was never away while events were published, so pub/sub had nothing to lose',
        );
      return {
        passed: missed === unheard && unheardReceived === 0,
        detail: `the subscriber missed ${missed}; Redis delivered ${unheard} to no one${unheardReceived > 0 ? `, yet ${unheardReceived} of those arrived` : ''}`,
      };
    },
  },
  {
    id: 'stream-lost-nothing',
    description:
      'Every entry Redis added to the stream (XINFO STREAM entries-added) was processed by a consumer and acknowledged exactly once (the sum of XACK replies)',
    evaluate(run) {
      const got = needs(run, 'published', 'streamEntriesAdded', 'workersProcessed', 'streamAcked');
      if (!Array.isArray(got)) return got;
      const [published, added, processed, acked] = got;
      const duplicates = Number(run.facts.workersDuplicates ?? 0);
      return {
        passed: added === published && processed === added && acked === added,
        detail: `published ${published}; Redis added ${added}; consumers processed ${processed} different entries${duplicates > 0 ? ` (${duplicates} twice)` : ''}; XACK removed ${acked} from the pending list`,
      };
    },
  },
  {
    id: 'nothing-pending-at-end',
    description:
      'Nothing is left pending: XPENDING is 0 and the consumers hold no entry they did not acknowledge',
    evaluate(run) {
      const got = needs(run, 'streamPending', 'workersUnacked', 'pendingDroppedWithConsumers');
      if (!Array.isArray(got)) return got;
      const [pending, unacked, dropped] = got;
      return {
        passed: pending === 0 && unacked === 0 && dropped === 0,
        detail: `XPENDING ${pending}; the consumers hold ${unacked} unacknowledged${dropped > 0 ? `; ${dropped} pending entries were dropped with a removed consumer` : ''}`,
      };
    },
  },
  {
    id: 'claimed-what-crashed-consumers-left',
    description:
      'XAUTOCLAIM handed the live consumers exactly the entries the crashed ones had read and never acknowledged',
    evaluate(run) {
      const got = needs(run, 'abandoned', 'claimed');
      if (!Array.isArray(got)) return got;
      const [abandoned, claimed] = got;
      if (abandoned === 0 && claimed === 0)
        return notApplicable('no consumer crashed holding entries, so there was nothing to claim');
      return {
        passed: claimed === abandoned,
        detail: `crashed consumers abandoned ${abandoned}; XAUTOCLAIM returned ${claimed}`,
      };
    },
  },
];
