import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { NearCacheParams } from './params.ts';

type Run = FinishedRun<NearCacheParams>;

const ENDED_EARLY: CheckResult = { passed: false, detail: 'the run ended before its final count' };

const num = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};
const total = (run: Run, key: string): number => run.summary[key] ?? 0;

/** Why a check about invalidation has nothing to judge, or undefined when it has. */
function invalidationUnjudgeable(run: Run): string | undefined {
  const stretches = num(run, 'stretchesWithInvalidation');
  if (stretches !== 0) return undefined;
  return `invalidation was off throughout: no instance is told of a write, so ${total(run, 'staleReads')} stale reads were ended only by eviction or the L1 TTL (${run.params.l1TtlMs} ms)`;
}

export const nearCacheChecks: CheckSpec<NearCacheParams>[] = [
  {
    id: 'invalidations-delivered',
    description:
      'While invalidation was on, every change another instance made (tracking: a SET that wrote a key; pub/sub: a PUBLISH) was followed by an invalidation of that key at each instance, and no instance received more invalidations than there were such changes (tracking may merge quick changes of one key into one push)',
    evaluate(run) {
      const why = invalidationUnjudgeable(run);
      if (why !== undefined) return notApplicable(why);
      const parts: string[] = [];
      let passed = true;
      let dueSum = 0;
      for (let i = 1; i <= run.params.instances; i++) {
        const delivered = num(run, `delivered.${i}`);
        const due = num(run, `due.${i}`);
        const unannounced = num(run, `unannounced.${i}`);
        if (delivered === undefined || due === undefined || unannounced === undefined) {
          return ENDED_EARLY;
        }
        if (unannounced > 0 || delivered > due) passed = false;
        dueSum += due;
        parts.push(
          `instance ${i}: ${delivered} delivered for ${due} changes${unannounced > 0 ? `, ${unannounced} keys never announced` : ''}`,
        );
      }
      if (dueSum === 0) return notApplicable('no instance changed anything in Redis');
      return { passed, detail: parts.join('; ') };
    },
  },
  {
    id: 'no-stale-read-after-invalidation',
    description:
      'Every stale L1 read (older than Redis held just before it) was served before Redis had delivered that key’s invalidation to the instance: none after',
    evaluate(run) {
      const after = num(run, 'staleAfterInvalidation');
      const exposed = num(run, 'judgedHitsOnWritten');
      if (after === undefined || exposed === undefined) return ENDED_EARLY;
      const delivered = total(run, 'invalidations');
      if (delivered === 0) {
        return notApplicable(
          invalidationUnjudgeable(run) ?? 'Redis delivered no invalidation in this run',
        );
      }
      if (exposed === 0) {
        return notApplicable(
          'no L1 hit read an item that had been written, so none could be stale',
        );
      }
      const stale = total(run, 'staleReads');
      return {
        passed: after === 0,
        detail: `${stale} stale reads among ${exposed} L1 hits on written items; ${after} of them after the invalidation had arrived (${delivered} delivered)`,
      };
    },
  },
  {
    id: 'staleness-ends-at-delivery',
    description:
      'Every staleness window opened while invalidation was on closed when the invalidation arrived (or earlier, by eviction or a refresh): none lasted until the L1 TTL, none left open',
    evaluate(run) {
      const why = invalidationUnjudgeable(run);
      if (why !== undefined) {
        const expired = num(run, 'offWindowsEndedBy.expire') ?? 0;
        const evicted = num(run, 'offWindowsEndedBy.evict') ?? 0;
        const open = num(run, 'offWindowsOpenAtEnd') ?? 0;
        return notApplicable(
          `${why}; windows ended by eviction ${evicted}, by the TTL ${expired}, still open at the end ${open}, the longest closed ${num(run, 'offWindowsLongestMs') ?? 0} ms`,
        );
      }
      const ended = ['invalidation', 'flush', 'evict', 'expire', 'refresh'].map((how) =>
        num(run, `windowsEndedBy.${how}`),
      );
      const open = num(run, 'windowsOpenAtEnd');
      const longest = num(run, 'windowsLongestMs');
      if (ended.some((n) => n === undefined) || open === undefined) return ENDED_EARLY;
      const [byInvalidation = 0, byFlush = 0, byEviction = 0, expired = 0, refreshed = 0] =
        ended as number[];
      if (byInvalidation + byFlush + byEviction + expired + refreshed + open === 0) {
        return notApplicable('no write overwrote a value another instance held in its L1');
      }
      return {
        passed: expired === 0 && open === 0,
        detail: `windows opened with invalidation on: ${byInvalidation} closed by their invalidation, ${byEviction + refreshed + byFlush} earlier (evicted, refreshed or emptied), ${expired} by the TTL, ${open} still open; longest ${longest} ms`,
      };
    },
  },
  {
    id: 'reads-add-up',
    description:
      'Reads the clients completed = L1 hits + L2 hits + origin loads (counted by the origin)',
    evaluate(run) {
      const loads = num(run, 'originLoads');
      if (loads === undefined) return ENDED_EARLY;
      const reads = total(run, 'reads');
      if (reads === 0 && loads === 0) return notApplicable('no read was made');
      const [l1, l2] = [total(run, 'l1Hits'), total(run, 'l2Hits')];
      return {
        passed: reads === l1 + l2 + loads,
        detail: `${reads} reads; L1 ${l1} + L2 ${l2} + origin ${loads} = ${l1 + l2 + loads}`,
      };
    },
  },
];
