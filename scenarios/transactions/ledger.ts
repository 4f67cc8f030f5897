// The workers' own account of the money they moved, kept apart from Redis so the two can be
// compared at the end. A naive write also notes what Redis said the key held just before it
// (SET … GET): the difference from what the worker had read is a concurrent update it erased.

export interface LedgerComparison {
  /** Accounts whose balance in Redis is not initial + tally + what naive writes erased. */
  accountsOff: number;
  /** Σ |Redis − (initial + tally)| over accounts: what the tally cannot explain on its own. */
  driftFromTally: number;
  /** Σ of what naive writes erased, signed: money they created (+) or destroyed (−). */
  erasedNet: number;
  redisTotal: number;
  belowZero: number;
}

export class Ledger {
  /** Net amount each account received (+) or gave (−) in the transfers the workers completed. */
  readonly moved: Float64Array;
  /** Per account, Σ (value the worker read − value Redis held when its SET landed). */
  readonly erased: Float64Array;

  constructor(accounts: number) {
    this.moved = new Float64Array(accounts);
    this.erased = new Float64Array(accounts);
  }

  transfer(from: number, to: number, amount: number): void {
    this.moved[from] = (this.moved[from] ?? 0) - amount;
    this.moved[to] = (this.moved[to] ?? 0) + amount;
  }

  /**
   * A blind SET wrote `read ± amount` over `heldBefore`. Each write changes a balance by
   * (new − old), so the final balance is initial + tally + Σ (read − heldBefore).
   */
  overwrote(account: number, read: number, heldBefore: number): void {
    this.erased[account] = (this.erased[account] ?? 0) + (read - heldBefore);
  }

  /** Holds Redis's final balances against the tally. */
  compare(balances: readonly number[], initial: number): LedgerComparison {
    let accountsOff = 0;
    let driftFromTally = 0;
    let erasedNet = 0;
    let redisTotal = 0;
    let belowZero = 0;
    balances.forEach((balance, i) => {
      const fromTally = initial + (this.moved[i] ?? 0);
      const erased = this.erased[i] ?? 0;
      if (balance !== fromTally + erased) accountsOff++;
      driftFromTally += Math.abs(balance - fromTally);
      erasedNet += erased;
      redisTotal += balance;
      if (balance < 0) belowZero++;
    });
    return { accountsOff, driftFromTally, erasedNet, redisTotal, belowZero };
  }
}
