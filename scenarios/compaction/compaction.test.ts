import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import compaction from './scenario.ts';

describe('compaction on Kafka', () => {
  it('keeps one record per key, the latest, and drops old tombstones', async () => {
    // 300 writes/s over 20 live keys for 9 s; 5% tombstones, kept 1 s after their first cleaning.
    const run = await runScenario(compaction, {
      durationSec: 9,
      params: { producePerSec: 300, keys: 20, tombstonePct: 5, deleteRetentionMs: 1000 },
    });
    expect(run.error).toBeUndefined();
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    const written = summaryOf(run, 'written');
    const inLog = Number(run.facts.finalRecords);
    expect(written).toBeGreaterThan(2000);
    // About one record per live key plus the young tombstones: a small fraction of what was written.
    expect(inLog).toBeLessThan(written / 10);
    expect(Number(run.facts.finalDuplicates)).toBe(0);
    expect(Number(run.facts.readLive)).toBe(20);
    expect(Number(run.facts.oldTombstones)).toBeGreaterThan(10);
    expect(Number(run.facts.oldTombstonesInLog)).toBe(0);
    // While the load ran, compaction had already held the log well below what was written.
    expect(summaryOf(run, 'logEndOffset')).toBeGreaterThan(inLog * 10);
    expect(checkOf(run, 'one-record-per-key').detail).toContain('compacted');
    await expectGoneFromBrokers(run);
  });
});
