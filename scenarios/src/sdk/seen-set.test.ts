import { describe, expect, it } from 'vitest';
import { SeenSet } from './seen-set.ts';

describe('SeenSet across threads', () => {
  it('survives a trip through bytes and merges as a union', () => {
    const a = new SeenSet(8);
    for (const seq of [0, 7, 8, 1_000]) a.add(seq);
    const copy = SeenSet.fromBytes(a.toBytes());
    expect(copy.size).toBe(4);
    expect([0, 7, 8, 1_000].every((s) => copy.has(s))).toBe(true);
    expect(copy.has(999)).toBe(false);
    // Trailing empty bytes are not sent.
    expect(a.toBytes().length).toBe(126);
    expect(new SeenSet().toBytes().length).toBe(0);

    const b = new SeenSet(8);
    for (const seq of [7, 9, 50_000]) b.add(seq);
    expect(copy.addAll(b)).toBe(2);
    expect(copy.size).toBe(6);
    expect(copy.has(50_000)).toBe(true);
    const owed = new SeenSet();
    for (let seq = 0; seq < 10; seq++) owed.add(seq);
    expect(copy.missingFrom(owed)).toBe(6);
  });
});
