import { describe, expect, it } from 'vitest';
import { bump, firstDifference, tallyDigest, tallyTotal } from './tally.ts';

describe('tallies', () => {
  it('digest the same counts alike in any order, a zero like a missing key', () => {
    const a = new Map([
      ['x', 2],
      ['y', 3],
    ]);
    const b = new Map([
      ['y', 3],
      ['z', 0],
    ]);
    bump(b, 'x');
    bump(b, 'x');
    expect(tallyDigest(a)).toBe(tallyDigest(b));
    expect(tallyTotal(b)).toBe(5);
    expect(firstDifference(a, b, ['view', 'ledger'])).toBeUndefined();
  });

  it('tell one count apart and name the first difference', () => {
    const a = new Map([
      ['acct-1', 100],
      ['acct-2', 7],
      ['acct-3', 1],
    ]);
    const b = new Map([
      ['acct-1', 100],
      ['acct-2', 8],
    ]);
    expect(tallyDigest(a)).not.toBe(tallyDigest(b));
    expect(firstDifference(a, b, ['view', 'ledger'])).toBe(
      'acct-2: view 7, ledger 8 (2 keys differ)',
    );
  });
});
