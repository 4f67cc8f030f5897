import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { plural } from '../src/sdk/index.ts';
import { totalsFromFacts } from './ledger.ts';
import type { EventDrivenOrderParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final counts';

const num = (facts: RunFacts, key: string): number | undefined => {
  const v = facts[key];
  return typeof v === 'number' ? v : undefined;
};

export const eventDrivenOrderChecks: CheckSpec<EventDrivenOrderParams>[] = [
  {
    id: 'dual-write-loses-events',
    description:
      'Under dual-write every crash between the write and the publish cost at least its order: orders in the store (Redis) − orders notification-service notified ≥ crashes the run saw, and the same for analytics-service',
    evaluate(run) {
      const t = totalsFromFacts(run.facts, 'dual-write');
      if (t === undefined) return { passed: false, detail: ENDED_EARLY };
      if (t.stretches === 0) return notApplicable('the run never used dual-write');
      if (t.crashes === 0) {
        return notApplicable(
          `no product-service instance crashed under dual-write (crashRate ${run.params.crashRate}), so nothing could be lost`,
        );
      }
      const lostNotified = t.orders - t.notified;
      const lostAnalytics = t.orders - t.analytics;
      return {
        passed: t.drained && lostNotified >= t.crashes && lostAnalytics >= t.crashes,
        detail: `dual-write: ${plural(t.crashes, 'crash', 'crashes')}; of ${t.orders} orders in the store ${lostNotified} were never notified and ${lostAnalytics} never reached analytics${t.drained ? '' : ' (the pipeline had not drained)'}`,
      };
    },
  },
  {
    id: 'outbox-loses-nothing',
    description:
      'Under outbox every order in the store (Redis) was notified by notification-service and counted by analytics-service, crashes or not',
    evaluate(run) {
      const t = totalsFromFacts(run.facts, 'outbox');
      if (t === undefined) return { passed: false, detail: ENDED_EARLY };
      if (t.stretches === 0) return notApplicable('the run never used outbox');
      if (t.orders === 0) return notApplicable('no order was written under outbox');
      return {
        passed: t.drained && t.notified === t.orders && t.analytics === t.orders,
        detail: `outbox: ${t.orders} orders in the store, ${t.notified} notified, ${t.analytics} in analytics, despite ${plural(t.crashes, 'crash', 'crashes')}${t.drained ? '' : ' (the pipeline had not drained)'}`,
      };
    },
  },
  {
    id: 'analytics-read-the-topic',
    description:
      'analytics-service counted as many distinct orders as a fresh read of the activity topic holds',
    evaluate(run) {
      const inTopic = num(run.facts, 'topicOrderIds');
      const counted = num(run.facts, 'analyticsDistinct');
      if (inTopic === undefined || counted === undefined || run.facts.topicComplete !== true) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (inTopic === 0 && counted === 0) return notApplicable('no order event reached Kafka');
      const records = num(run.facts, 'topicOrderRecords') ?? inTopic;
      const dup = records > inTopic ? ` in ${records} records (${records - inTopic} repeats)` : '';
      return {
        passed: counted === inTopic,
        detail: `the activity topic holds ${inTopic} distinct orders${dup}; analytics-service counted ${counted}`,
      };
    },
  },
  {
    id: 'no-event-without-its-order',
    description:
      'Every order notification-service notified, and every order in the activity topic, is in the store: an event never announces an order that was not written',
    evaluate(run) {
      const notifiedOutside = num(run.facts, 'notifiedNotInStore');
      const topicOutside = num(run.facts, 'topicNotInStore');
      const notified = num(run.facts, 'notifiedDistinct');
      if (notifiedOutside === undefined || topicOutside === undefined || notified === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (notified === 0 && (num(run.facts, 'topicOrderIds') ?? 0) === 0) {
        return notApplicable('no order was announced');
      }
      return {
        passed: notifiedOutside === 0 && topicOutside === 0,
        detail: `notified but not in the store: ${notifiedOutside}; in the topic but not in the store: ${topicOutside}`,
      };
    },
  },
];
