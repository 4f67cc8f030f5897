// Each check holds what the workers counted against what RabbitMQ said: its confirms and the
// depth it reports once the workers have left (counting what they still held), and the prefetch
// limit it enforces against the most jobs a worker ever held.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import type { WorkQueueParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final count (confirms, tail, queue depth)';

export const workQueueChecks: CheckSpec<WorkQueueParams>[] = [
  {
    id: 'every-job-accounted',
    description:
      "Every job RabbitMQ confirmed was processed once by some worker or is back in the queue by RabbitMQ's count: acked + depth after the workers left = confirmed, no job twice",
    evaluate(run) {
      const confirmed = numberFact(run, 'confirmedCount');
      const processed = numberFact(run, 'processedCount');
      const depth = numberFact(run, 'depthAfterClose');
      if (confirmed === undefined || processed === undefined || depth === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (confirmed === 0) {
        return notApplicable('RabbitMQ confirmed no job (no batch was published)');
      }
      const duplicates = numberFact(run, 'duplicates') ?? 0;
      const redelivered = numberFact(run, 'redelivered') ?? 0;
      const passed = processed + depth === confirmed && duplicates === 0 && redelivered === 0;
      return {
        passed,
        detail:
          `${processed} processed + ${depth} in the queue after the workers left (RabbitMQ) = ${processed + depth}, confirmed ${confirmed}` +
          (duplicates + redelivered > 0
            ? `; ${duplicates} jobs processed twice, ${redelivered} flagged redelivered`
            : ''),
      };
    },
  },
  {
    id: 'prefetch-respected',
    description:
      'RabbitMQ never let a worker hold more unacked jobs than the prefetch: the most each worker held at once ≤ prefetch',
    evaluate(run) {
      const { workers, prefetch } = run.params;
      const maxHeld: number[] = [];
      for (let i = 1; i <= workers; i++) {
        const held = numberFact(run, `maxHeld.w${i}`);
        if (held === undefined) return { passed: false, detail: ENDED_EARLY };
        maxHeld.push(held);
      }
      if (maxHeld.every((h) => h === 0)) {
        return notApplicable('no worker received a job, so none could hold too many');
      }
      const over = maxHeld.flatMap((h, k) => (h > prefetch ? [`worker ${k + 1} held ${h}`] : []));
      return {
        passed: over.length === 0,
        detail: `prefetch ${prefetch}; most held at once: ${maxHeld.map((h, k) => `w${k + 1} ${h}`).join(', ')}${over.length > 0 ? ` (${over.join(', ')})` : ''}`,
      };
    },
  },
];
