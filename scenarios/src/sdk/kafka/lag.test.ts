import { describe, expect, it } from 'vitest';
import { lagFromOffsets } from './lag.ts';

describe('lag from offsets', () => {
  const reading = lagFromOffsets(
    [
      { partition: 2, high: '50', low: '0' },
      { partition: 0, high: '100', low: '0' },
      { partition: 1, high: '80', low: '10' },
    ],
    [
      { partition: 0, offset: '60' },
      { partition: 1, offset: '-1' },
      { partition: 2, offset: '50' },
    ],
  );

  it('is log end minus committed, and no number where nothing is committed, as the tool shows', () => {
    expect(reading.partitions.map((p) => p.lag)).toEqual([40, undefined, 0]);
    expect(reading.partitions.map((p) => p.committed)).toEqual([60, undefined, 50]);
    expect(reading.lag).toBe(40);
  });

  it('counts an uncommitted partition from its log start in the backlog', () => {
    expect(reading.partitions.map((p) => p.backlog)).toEqual([40, 70, 0]);
    expect(reading.backlog).toBe(110);
    expect(reading.logEndTotal).toBe(220);
    expect(reading.committedTotal).toBe(120);
  });
});
