// Runs the scenario on the live Redis: a dense run that shows the set growing with the visitors
// while the HyperLogLog stays at 12 KB within about 1%, and a run with spaced-out ids that shows
// the bitmap sized by the largest id.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import { HLL_MAX_BYTES } from './checks.ts';
import scenario from './scenario.ts';

describe('unique-visitors on the live Redis', () => {
  let dense: FinishedRunView;
  let spaced: FinishedRunView;

  beforeAll(async () => {
    [dense, spaced] = await Promise.all([
      runScenario(scenario, { durationSec: 4, params: { visitsPerSec: 10_000 } }),
      runScenario(scenario, {
        durationSec: 2,
        params: { visitsPerSec: 2000, population: 10_000, idSpacing: 64 },
      }),
    ]);
  }, 20_000);

  it('passes every check', () => {
    for (const run of [dense, spaced]) {
      expect(run.state, run.error).toBe('completed');
      for (const check of run.checks)
        expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
  });

  it('estimates within about 1% in a fixed 12 KB while the set grows with every visitor', () => {
    const exact = summaryOf(dense, 'exact');
    expect(exact).toBeGreaterThan(30_000);
    expect(summaryOf(dense, 'bitmap')).toBe(exact);
    expect(Math.abs(summaryOf(dense, 'hllErrorPct'))).toBeLessThan(2);
    // Once dense, the HyperLogLog's size never moves, from the first snapshot to the last.
    const hllSizes = new Set(
      dense.frames.map((f) => f.values['memory.hll']).filter((b) => b !== undefined && b > 3000),
    );
    expect(hllSizes.size).toBe(1);
    expect(summaryOf(dense, 'memory.hll')).toBeLessThanOrEqual(HLL_MAX_BYTES);
    // The set costs tens of bytes per visitor, the same early and late: linear growth.
    const perVisitor = dense.frames
      .filter((f) => (f.values.exact ?? 0) > 5000)
      .map((f) => (f.values['memory.set'] ?? 0) / (f.values.exact ?? 1));
    expect(perVisitor.length).toBeGreaterThan(3);
    for (const bytes of perVisitor) {
      expect(bytes).toBeGreaterThan(30);
      expect(bytes).toBeLessThan(90);
    }
    expect(summaryOf(dense, 'memory.set')).toBeGreaterThan(100 * summaryOf(dense, 'memory.hll'));
  });

  it('sizes the bitmap by the largest id, not by the number of visitors', () => {
    const exact = summaryOf(spaced, 'exact');
    expect(exact).toBeGreaterThan(2000);
    expect(exact).toBeLessThanOrEqual(10_000);
    // 10,000 ids spaced 64 apart: 640,000 bits, 80 KB, for at most 10,000 visitors.
    expect(spaced.facts.bitmapLength).toBeGreaterThan(0.95 * 80_000);
    // Dense ids 0 … 9,999 would need 1,250 bytes.
    expect(summaryOf(spaced, 'memory.bitmap')).toBeGreaterThan(50 * 1250);
  });

  it('leaves no key behind', async () => {
    await expectGoneFromBrokers(dense);
    await expectGoneFromBrokers(spaced);
  });
});
