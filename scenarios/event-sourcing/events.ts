// The account events that are the source of truth, and the one function that folds them into
// balances: the live view, every rebuild and the bank's own ledger all use it, so they can only
// disagree if the log they read does.
import { bump } from '../src/sdk/kafka/index.ts';
import type { Tally } from '../src/sdk/kafka/index.ts';

export type AccountEvent =
  | { type: 'opened'; account: string }
  | { type: 'deposited'; account: string; amount: number }
  | { type: 'withdrawn'; account: string; amount: number };

export const accountId = (n: number): string => `acct-${String(n + 1).padStart(3, '0')}`;

export function encodeEvent(event: AccountEvent): string {
  return JSON.stringify(event);
}

export function decodeEvent(value: Buffer | string | null): AccountEvent | undefined {
  if (value === null) return undefined;
  try {
    const e = JSON.parse(value.toString()) as Partial<AccountEvent> & { amount?: unknown };
    if (typeof e.account !== 'string') return undefined;
    if (e.type === 'opened') return { type: 'opened', account: e.account };
    if ((e.type === 'deposited' || e.type === 'withdrawn') && typeof e.amount === 'number') {
      return { type: e.type, account: e.account, amount: e.amount };
    }
  } catch {
    // Not one of ours: the fold skips it.
  }
  return undefined;
}

/**
 * Balances as a tally: `<account>.balance` and `<account>.events` (events applied to it), so a
 * lost or doubled event shows even where amounts happen to cancel out.
 */
export function applyEvent(tally: Tally, event: AccountEvent): void {
  bump(tally, `${event.account}.events`);
  if (event.type === 'deposited') bump(tally, `${event.account}.balance`, event.amount);
  else if (event.type === 'withdrawn') bump(tally, `${event.account}.balance`, -event.amount);
}

/** Sum of balances, and accounts opened, in a tally made by applyEvent. */
export function totals(tally: ReadonlyMap<string, number>): { balance: number; accounts: number } {
  let balance = 0;
  let accounts = 0;
  for (const [key, n] of tally) {
    if (key.endsWith('.balance')) balance += n;
    else if (key.endsWith('.events') && n > 0) accounts++;
  }
  return { balance, accounts };
}
