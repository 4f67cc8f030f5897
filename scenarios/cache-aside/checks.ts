import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { CacheAsideParams } from './params.ts';

type Run = FinishedRun<CacheAsideParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;

// No check compares requests with hits + misses: the reader counts all three at the same step,
// so they could not disagree, and Redis has no per-run count of GETs to hold them against (INFO
// keyspace_hits/keyspace_misses are server-wide, shared with every other client of the broker).
export const cacheAsideChecks: CheckSpec<CacheAsideParams>[] = [
  {
    id: 'one-origin-read-per-miss',
    description:
      'The origin served exactly one read per cache miss: the reads SQLite served (counted by the origin) = the misses (counted by the readers)',
    evaluate(run) {
      const [originReads, misses] = [value(run, 'originReads'), value(run, 'misses')];
      if (originReads === 0 && misses === 0) {
        return notApplicable('no read missed the cache, so the origin was never needed');
      }
      return {
        passed: originReads === misses,
        detail: `the origin served ${originReads} reads; the readers counted ${misses} misses`,
      };
    },
  },
  {
    id: 'no-stale-reads',
    description:
      'invalidate and write-through never served an older version than SQLite held when the read was sent',
    evaluate(run) {
      const stale = value(run, 'staleReads');
      const hits = value(run, 'hits');
      const { writeStrategy, writeRatio, ttlSec } = run.params;
      if (writeStrategy === 'ttl-only') {
        const share = hits > 0 ? ((100 * stale) / hits).toFixed(2) : '0';
        return notApplicable(
          `ttl-only leaves the old value in Redis until it expires, so stale reads are expected: ${stale} (${share}% of hits), each at most ${ttlSec} s old`,
        );
      }
      if (writeRatio === 0)
        return notApplicable('writeRatio 0: no product changed, so none could be stale');
      const exposed = run.facts.hitsOnWrittenProducts;
      if (typeof exposed !== 'number') {
        return { passed: false, detail: 'the run ended before its reads were tallied' };
      }
      if (exposed === 0) {
        return notApplicable('no hit read a product that had been written, so none could be stale');
      }
      return {
        passed: stale === 0,
        detail: `${writeStrategy}: ${stale} stale reads among ${exposed} hits on written products (${value(run, 'writes')} writes)`,
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
      if (expectedKeysMax === 0 && redisKeys === 0 && value(run, 'misses') === 0) {
        return notApplicable('no read missed, so nothing was ever cached');
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
      if (run.params.writeRatio === 0 && writes === 0 && originWrites === 0) {
        return notApplicable('writeRatio 0: the run wrote nothing');
      }
      return {
        passed: originWrites === writes,
        detail: `origin versions record ${originWrites} writes; the run counted ${writes}`,
      };
    },
  },
];
