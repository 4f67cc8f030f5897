import { describe, expect, it } from 'vitest';
import { complete, observe, spreadBoundMs, spreadMs, startSpread } from './spread.ts';

describe('a version spreading to the edges', () => {
  it('is complete when every edge served the version (or a later one), as long as the last took', () => {
    const spread = startSpread(3, 1000, 2);
    expect(observe(spread, 0, 2, 1500)).toBe(false);
    expect(observe(spread, 0, undefined, 1600)).toBe(false);
    expect(observe(spread, 0, 3, 2200)).toBe(true);
    expect(observe(spread, 0, 3, 2300)).toBe(false);
    expect(complete(spread)).toBe(false);
    expect(spreadMs(spread)).toBeUndefined();
    expect(observe(spread, 1, 4, 4000)).toBe(true);
    expect(complete(spread)).toBe(true);
    expect(spreadMs(spread)).toBe(3000);
  });

  it('is bounded by both TTLs, each a second longer for nginx’s whole seconds', () => {
    expect(spreadBoundMs(1, 3, 1000)).toBe(7000);
  });
});
