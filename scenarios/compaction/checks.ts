import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import type { CompactionParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final full read';
// Beyond this, records written just before the end may still be too young to compact.
const MAX_LAG_FOR_FINAL_MS = 1000;

const num = (run: FinishedRun<CompactionParams>, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

export const compactionChecks: CheckSpec<CompactionParams>[] = [
  {
    id: 'latest-value-per-key',
    description:
      "A fresh full read, reduced to the last record per key, is exactly the producer's own last acknowledged write per key: compaction loses no live key and no latest value",
    evaluate(run) {
      const { producerDigest, readDigest, readComplete } = run.facts;
      const producerLive = num(run, 'producerLive');
      const readLive = num(run, 'readLive');
      if (producerLive === undefined || readLive === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if ((run.summary.written ?? 0) === 0) {
        return notApplicable(`nothing was written (producePerSec ${run.params.producePerSec})`);
      }
      return {
        passed: readComplete === true && producerDigest === readDigest && producerLive === readLive,
        detail: `producer: ${producerLive} live keys (digest ${String(producerDigest)}); full read: ${readLive} (digest ${String(readDigest)})${readComplete === true ? '' : '; the read did not reach the log end'}`,
      };
    },
  },
  {
    id: 'one-record-per-key',
    description:
      "Once the active segment closed, the cleaner left at most one record per key in the log, and each is the producer's last write for that key",
    evaluate(run) {
      const records = num(run, 'finalRecords');
      const duplicates = num(run, 'finalDuplicates');
      const stale = num(run, 'finalStale');
      if (records === undefined || duplicates === undefined || stale === undefined) {
        return { passed: false, detail: ENDED_EARLY };
      }
      const written = run.summary.written ?? 0;
      if (run.params.minCompactionLagMs > MAX_LAG_FOR_FINAL_MS) {
        return notApplicable(
          `min.compaction.lag.ms ${run.params.minCompactionLagMs} keeps the last writes out of the cleaner's reach at the end`,
        );
      }
      if (written <= records) {
        return notApplicable(
          `${written} written and ${records} in the log: no key was written twice, nothing to compact`,
        );
      }
      const within = num(run, 'compactedWithinMs') ?? -1;
      return {
        passed: duplicates === 0 && stale === 0,
        detail: `${written} written, ${records} in the full read; ${duplicates} beyond one per key, ${stale} not the producer's last write${within >= 0 ? `; compacted ${within} ms after the segment closed` : '; not compacted within the finish budget'}`,
      };
    },
  },
  {
    id: 'tombstones-expire',
    description:
      'Keys the producer deleted long ago (delete.retention.ms + segment.ms + 5 s) are gone from the log: their tombstones were removed',
    evaluate(run) {
      const old = num(run, 'oldTombstones');
      const oldInLog = num(run, 'oldTombstonesInLog');
      if (old === undefined || oldInLog === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (old === 0) {
        return notApplicable(
          `no key was deleted more than ${(run.params.deleteRetentionMs + run.params.segmentMs + 5000) / 1000} s before the end (tombstonePct ${run.params.tombstonePct})`,
        );
      }
      return {
        passed: oldInLog === 0,
        detail: `${old} keys deleted long enough ago by the producer's clock; ${oldInLog} of their tombstones still in the full read`,
      };
    },
  },
];
