import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { deliveredKey } from './metrics.ts';
import type { FanoutParams } from './params.ts';

const value = (run: FinishedRun<FanoutParams>, key: string): number => run.summary[key] ?? 0;

export const fanoutChecks: CheckSpec<FanoutParams>[] = [
  {
    id: 'every-subscriber-every-message',
    description: 'Every subscriber received every confirmed message exactly once',
    evaluate(run) {
      const confirmed = value(run, 'confirmed');
      const short: string[] = [];
      for (let i = 1; i <= run.params.subscribers; i++) {
        const got = value(run, deliveredKey(i));
        if (got !== confirmed) short.push(`subscriber ${i} got ${got}`);
      }
      const lost = value(run, 'lost');
      const duplicates = value(run, 'duplicates');
      const passed = short.length === 0 && lost === 0 && duplicates === 0;
      const expected = `${run.params.subscribers} × ${confirmed} confirmed = ${run.params.subscribers * confirmed}`;
      if (passed && confirmed === 0) {
        return { passed, detail: 'no message was confirmed (publisher paused), so none was owed' };
      }
      if (passed) return { passed, detail: `${expected} deliveries, each subscriber ${confirmed}` };
      const problems = [...short, `lost ${lost}`, `duplicates ${duplicates}`];
      const queued = run.facts.finalQueueDepthTotal;
      const late =
        typeof queued === 'number' && queued > 0 ? `; ${queued} still queued at the end` : '';
      return { passed, detail: `expected ${expected}; ${problems.join(', ')}${late}` };
    },
  },
  {
    id: 'nothing-lost',
    description:
      'No confirmed message went missing: confirmed × subscribers − unique deliveries − still queued = 0',
    evaluate(run) {
      const lost = value(run, 'lost');
      const confirmed = value(run, 'confirmed');
      const owed = confirmed * run.params.subscribers;
      const undelivered = Number(run.facts.undeliveredAtEnd ?? 0);
      const queued = Number(run.facts.finalQueueDepthTotal ?? 0);
      return {
        passed: lost === 0,
        detail: `${run.params.subscribers} × ${confirmed} = ${owed} owed, ${owed - undelivered} arrived, ${queued} still queued, lost ${lost}`,
      };
    },
  },
  {
    id: 'no-duplicates',
    description: 'No subscriber received the same message twice',
    evaluate(run) {
      const duplicates = value(run, 'duplicates');
      return { passed: duplicates === 0, detail: `${duplicates} duplicate deliveries` };
    },
  },
  {
    id: 'broker-queues-empty',
    description: 'RabbitMQ itself reports every queue empty once the subscribers have drained them',
    evaluate(run) {
      const total = run.facts.finalQueueDepthTotal;
      if (typeof total !== 'number') {
        return { passed: false, detail: 'the run ended before the broker was asked' };
      }
      const perQueue: string[] = [];
      for (let i = 1; i <= run.params.subscribers; i++) {
        perQueue.push(`q${i}=${String(run.facts[`finalQueueDepth.s${i}`] ?? '?')}`);
      }
      return { passed: total === 0, detail: `messageCount at the end: ${perQueue.join(' ')}` };
    },
  },
];
