// What a learner should notice, in words: the first lost update, conflict or overdraft told
// with its numbers, then at most one summary of each every few seconds.
import { fmt, plural, Throttle } from '../src/sdk/narration.ts';
import type { Strategy } from './params.ts';
import type { Transfer, TransferListener } from './strategies.ts';

type Emit = (message: string, level?: 'info' | 'warn') => void;

const SUMMARY_EVERY_MS = 2500;

export const STRATEGY_STORY: Readonly<Record<Strategy, string>> = {
  naive:
    'each worker reads both balances, thinks, then SETs both: a write can land on a value it never read',
  watch:
    'each worker WATCHes both balances, reads, thinks, then writes in MULTI/EXEC; EXEC refuses if either changed, and the worker starts again',
  lua: 'one script reads, checks and moves inside Redis, with nothing in between',
  incrby:
    'each worker GETs the source to check it covers the amount, thinks, then DECRBY/INCRBY in MULTI/EXEC: nothing is lost, but the check can be out of date',
};

export class TransactionsNarrator implements TransferListener {
  private readonly throttle = new Throttle(SUMMARY_EVERY_MS);
  private readonly firsts = new Set<string>();
  private lost = 0;
  private conflicts = 0;
  private overdrafts = 0;

  constructor(
    private readonly emit: Emit,
    /** Redis's total minus the initial total, as last sampled. */
    private readonly drift: () => number,
  ) {}

  lostUpdate(account: number, read: number, heldBefore: number, wrote: number): void {
    this.lost++;
    if (this.first('lost')) {
      this.emit(
        `Lost update: a worker read account ${account + 1} as ${fmt(read)}, but when its SET landed Redis held ${fmt(heldBefore)}; writing ${fmt(wrote)} erased another worker's change of ${signed(heldBefore - read)}`,
        'warn',
      );
    } else if (this.throttle.allow('lost')) {
      this.emit(
        `${plural(this.lost, 'lost update')} so far; Redis's total is ${signed(this.drift())} from where it started`,
        'warn',
      );
    }
  }

  conflict(transfer: Transfer, attempt: number): void {
    this.conflicts++;
    if (this.first('conflict')) {
      this.emit(
        `WATCH conflict: account ${transfer.from + 1} or ${transfer.to + 1} changed after the worker's WATCH, so EXEC returned nil and wrote nothing; the worker reads again (attempt ${attempt + 1})`,
      );
    } else if (this.throttle.allow('conflict')) {
      this.emit(
        `${plural(this.conflicts, 'WATCH conflict')} so far, each one a transfer read and thought over again; the total stays at ${signed(this.drift())}`,
      );
    }
  }

  overdraft(account: number, balance: number, transfer: Transfer): void {
    this.overdrafts++;
    if (this.first('overdraft')) {
      this.emit(
        `Overdraft: a worker checked account ${account + 1} could cover ${fmt(transfer.amount)}, but by its MULTI another debit had landed: DECRBY answered ${fmt(balance)}`,
        'warn',
      );
    } else if (this.throttle.allow('overdraft')) {
      this.emit(
        `${plural(this.overdrafts, 'overdraft')} so far: every INCRBY and DECRBY counted, but checks made before them went out of date`,
        'warn',
      );
    }
  }

  private first(topic: string): boolean {
    if (this.firsts.has(topic)) return false;
    this.firsts.add(topic);
    this.throttle.allow(topic);
    return true;
  }
}

export const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n));
