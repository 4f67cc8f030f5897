import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.ts';

describe('Ledger', () => {
  it('agrees with balances that moved only as the tally says', () => {
    const ledger = new Ledger(3);
    ledger.transfer(0, 1, 30);
    ledger.transfer(1, 2, 5);
    expect(ledger.compare([70, 125, 105], 100)).toEqual({
      accountsOff: 0,
      driftFromTally: 0,
      erasedNet: 0,
      redisTotal: 300,
      belowZero: 0,
    });
  });

  it('explains a lost update by what the blind SET erased', () => {
    // Both workers read account 0 at 100; one moves 10 to account 1, then the other moves 20
    // to account 2 over it: Redis ends with 80 where the tally says 70.
    const ledger = new Ledger(3);
    ledger.transfer(0, 1, 10);
    ledger.overwrote(0, 100, 100);
    ledger.overwrote(1, 100, 100);
    ledger.transfer(0, 2, 20);
    ledger.overwrote(0, 100, 90);
    ledger.overwrote(2, 100, 100);
    const result = ledger.compare([80, 110, 120], 100);
    expect(result).toMatchObject({ accountsOff: 0, driftFromTally: 10, erasedNet: 10 });
    expect(result.redisTotal).toBe(310);
  });

  it('counts an account Redis disagrees on, and balances below zero', () => {
    const ledger = new Ledger(2);
    ledger.transfer(0, 1, 10);
    expect(ledger.compare([-5, 110], 100)).toMatchObject({
      accountsOff: 1,
      driftFromTally: 95,
      belowZero: 1,
    });
  });
});
