// The checks hold what the consumer received against what RabbitMQ confirmed, per priority, and
// what the broker still held at the end; and, when RabbitMQ's own depth shows a backlog in a
// priority queue, the waits the clients measured per priority against each other.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import type { PriorityQueueParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final count (confirms, drain, queue depth)';
/** Fewer ready messages than this and there is hardly anything for the broker to reorder. */
export const BACKLOG_MIN = 20;

export const priorityChecks: CheckSpec<PriorityQueueParams>[] = [
  {
    id: 'every-message-accounted',
    description:
      'Each priority: the consumer received what RabbitMQ confirmed at that priority, and any message it lacks RabbitMQ still held; none twice',
    evaluate(run) {
      const confirmed = numberFact(run, 'confirmedCount');
      const missing = numberFact(run, 'missing');
      const depth = numberFact(run, 'depthAfterClose');
      if (confirmed === undefined || missing === undefined || depth === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (confirmed === 0) return notApplicable('RabbitMQ confirmed no message (publisher paused)');
      const per: string[] = [];
      let mismatched = false;
      for (let p = run.params.levels - 1; p >= 0; p--) {
        const owed = numberFact(run, `confirmed.p${p}`) ?? 0;
        const got = numberFact(run, `delivered.p${p}`) ?? 0;
        // All delivered (missing 0): each level must match; otherwise none may exceed its owed.
        if (missing === 0 ? got !== owed : got > owed) mismatched = true;
        per.push(`p${p} ${got}/${owed}`);
      }
      const duplicates = numberFact(run, 'duplicates') ?? 0;
      const passed = !mismatched && missing === depth && duplicates === 0;
      return {
        passed,
        detail: `delivered/confirmed ${per.join(', ')}; ${missing} not received, ${depth} still in the queue (RabbitMQ)${duplicates > 0 ? `; ${duplicates} twice` : ''}`,
      };
    },
  },
  {
    id: 'high-priority-waits-less',
    description: `With a backlog in RabbitMQ's queue (at least ${BACKLOG_MIN} ready), the highest priority's median wait is below the lowest's`,
    evaluate(run) {
      if (!run.params.priorityQueue) {
        return notApplicable('a plain queue (no x-max-priority) is FIFO: no priority to honour');
      }
      const maxDepth = numberFact(run, 'maxDepth');
      if (maxDepth === undefined) return { passed: false, detail: ENDED_EARLY };
      if (maxDepth < BACKLOG_MIN) {
        return notApplicable(
          `RabbitMQ's queue never held ${BACKLOG_MIN} ready messages (at most ${maxDepth}): with no backlog there is nothing to reorder`,
        );
      }
      const top = run.params.levels - 1;
      const high = run.summary[`wait.p${top}.p50`];
      const low = run.summary['wait.p0.p50'];
      if (high === undefined || low === undefined) {
        return notApplicable('the lowest or highest priority had no message delivered');
      }
      return {
        passed: high < low,
        detail: `median wait p${top} ${high.toFixed(1)} ms, p0 ${low.toFixed(1)} ms, with up to ${maxDepth} messages ready in RabbitMQ's queue`,
      };
    },
  },
];
