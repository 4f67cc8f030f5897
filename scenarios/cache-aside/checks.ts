import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { CacheAsideParams } from './params.ts';

type Run = FinishedRun<CacheAsideParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

export const cacheAsideChecks: CheckSpec<CacheAsideParams>[] = [
  {
    id: 'hits-plus-misses',
    description: 'Every read was a hit or a miss: hits + misses = requests',
    evaluate(run) {
      const [requests, hits, misses] = [
        value(run, 'requests'),
        value(run, 'hits'),
        value(run, 'misses'),
      ];
      if (requests === 0)
        return { passed: false, detail: 'no read completed, so nothing was tested' };
      return {
        passed: hits + misses === requests,
        detail: `${hits} hits + ${misses} misses = ${hits + misses}; requests ${requests}`,
      };
    },
  },
  {
    id: 'one-origin-read-per-miss',
    description: 'The origin was read exactly once per miss: originReads = misses',
    evaluate(run) {
      const [originReads, misses] = [value(run, 'originReads'), value(run, 'misses')];
      return {
        passed: originReads === misses,
        detail: `originReads ${originReads}, misses ${misses}`,
      };
    },
  },
  {
    id: 'no-stale-reads',
    description:
      'invalidate and write-through never served an older version than the origin held (ttl-only makes no such promise)',
    evaluate(run) {
      const stale = value(run, 'staleReads');
      const hits = value(run, 'hits');
      const strategy = run.params.writeStrategy;
      if (strategy === 'ttl-only') {
        const share = hits > 0 ? ((100 * stale) / hits).toFixed(2) : '0';
        return {
          passed: true,
          detail: `ttl-only: ${stale} stale reads (${share}% of hits), each bounded by ttlSec; not a failure`,
        };
      }
      return {
        passed: stale === 0,
        detail: `${strategy}: ${stale} stale reads out of ${hits} hits, ${value(run, 'writes')} writes`,
      };
    },
  },
  {
    id: 'redis-keys-as-expected',
    description:
      'The product keys Redis holds at the end (SCAN) are the ones this run cached and that have not expired, and never more than `keys`',
    evaluate(run) {
      const { redisKeys, expectedKeysMin, expectedKeysMax, redisKeysScanComplete } = run.facts;
      if (
        typeof redisKeys !== 'number' ||
        typeof expectedKeysMin !== 'number' ||
        typeof expectedKeysMax !== 'number'
      ) {
        return { passed: false, detail: 'the run ended before Redis was asked' };
      }
      const range =
        expectedKeysMin === expectedKeysMax
          ? `${expectedKeysMin}`
          : `${expectedKeysMin}–${expectedKeysMax}`;
      return {
        passed:
          redisKeysScanComplete === true &&
          redisKeys >= expectedKeysMin &&
          redisKeys <= expectedKeysMax &&
          redisKeys <= run.params.keys,
        detail: `Redis: ${redisKeys} keys${redisKeysScanComplete === true ? '' : ' (scan cut short)'}; expected ${range}; key space ${run.params.keys}`,
      };
    },
  },
  {
    id: 'origin-agrees-on-writes',
    description:
      'SQLite itself recorded every write: the sum of (version − 1) over products = writes',
    evaluate(run) {
      const originWrites = run.facts.originWrites;
      const writes = value(run, 'writes');
      if (typeof originWrites !== 'number') {
        return { passed: false, detail: 'the run ended before the origin was asked' };
      }
      return {
        passed: originWrites === writes,
        detail: `origin versions record ${originWrites} writes; the run counted ${writes}`,
      };
    },
  },
];
