import { describe, expect, it } from 'vitest';
import { deathCount, deathsOf, isReason } from './x-death.ts';

describe('x-death', () => {
  it('reads entries newest first, skipping malformed ones, and counts per queue and reason', () => {
    const headers = {
      'x-death': [
        { queue: 'retry', reason: 'expired', count: 2, exchange: '' },
        { queue: 'work', reason: 'rejected', count: 1 },
        { queue: 'work', reason: 'maxlen', count: '3' },
        'junk',
      ],
    };
    const deaths = deathsOf(headers);
    expect(deaths).toEqual([
      { queue: 'retry', reason: 'expired', count: 2 },
      { queue: 'work', reason: 'rejected', count: 1 },
    ]);
    expect(deathCount(deaths, 'retry', 'expired')).toBe(2);
    expect(deathCount(deaths, 'work', 'expired')).toBe(0);
    expect(deathsOf(undefined)).toEqual([]);
    expect(isReason('maxlen')).toBe(true);
    expect(isReason('delivery_limit')).toBe(false);
  });
});
