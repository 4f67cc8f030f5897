// One transfer under each strategy, on the worker's own connection. Each returns what happened;
// the ledger hears only of money the worker knows it moved.
import type { Counter } from '../src/sdk/recorders.ts';
import type { TransferRedis } from './lua/commands.ts';
import type { Ledger } from './ledger.ts';
import type { Strategy } from './params.ts';

export interface Transfer {
  from: number;
  to: number;
  amount: number;
}

export type Outcome = 'moved' | 'declined' | 'abandoned';

export interface TransferListener {
  /** A naive SET landed on a value other than the one the worker read. */
  lostUpdate(account: number, read: number, heldBefore: number, wrote: number): void;
  /** EXEC came back empty: a watched key changed after WATCH. */
  conflict(transfer: Transfer, attempt: number): void;
  /** DECRBY answered a balance below zero. */
  overdraft(account: number, balance: number, transfer: Transfer): void;
}

export interface WorkerDeps {
  redis: TransferRedis;
  keys: readonly string[];
  ledger: Ledger;
  /** The application's work between read and write (ctx.sleep with the live thinkMs). */
  think(): Promise<void>;
  signal: AbortSignal;
  counters: { retries: Counter; lostUpdates: Counter; overdrafts: Counter };
  listener: TransferListener;
}

const num = (value: string | null): number => Number(value ?? 0);

async function naive(d: WorkerDeps, t: Transfer): Promise<Outcome> {
  const [a, b] = [d.keys[t.from] ?? '', d.keys[t.to] ?? ''];
  const [readA, readB] = (await d.redis.mget(a, b)).map(num) as [number, number];
  await d.think();
  if (readA < t.amount) return 'declined';
  // SET … GET answers what the key held just before this write: the erased update, if any.
  const [heldA, heldB] = (
    await Promise.all([
      d.redis.set(a, readA - t.amount, 'GET'),
      d.redis.set(b, readB + t.amount, 'GET'),
    ])
  ).map(num) as [number, number];
  d.ledger.transfer(t.from, t.to, t.amount);
  d.ledger.overwrote(t.from, readA, heldA);
  d.ledger.overwrote(t.to, readB, heldB);
  if (heldA !== readA) {
    d.counters.lostUpdates.inc();
    d.listener.lostUpdate(t.from, readA, heldA, readA - t.amount);
  }
  if (heldB !== readB) {
    d.counters.lostUpdates.inc();
    d.listener.lostUpdate(t.to, readB, heldB, readB + t.amount);
  }
  return 'moved';
}

async function watch(d: WorkerDeps, t: Transfer): Promise<Outcome> {
  const [a, b] = [d.keys[t.from] ?? '', d.keys[t.to] ?? ''];
  for (let attempt = 1; ; attempt++) {
    await d.redis.watch(a, b);
    const [readA, readB] = (await d.redis.mget(a, b)).map(num) as [number, number];
    await d.think();
    if (readA < t.amount) {
      await d.redis.unwatch();
      return 'declined';
    }
    const replies = await d.redis
      .multi()
      .set(a, readA - t.amount)
      .set(b, readB + t.amount)
      .exec();
    if (replies !== null) {
      throwFirstError(replies);
      d.ledger.transfer(t.from, t.to, t.amount);
      return 'moved';
    }
    d.counters.retries.inc();
    d.listener.conflict(t, attempt);
    // Stopping mid-retry leaves nothing half done: an aborted EXEC wrote nothing.
    if (d.signal.aborted) return 'abandoned';
  }
}

async function lua(d: WorkerDeps, t: Transfer): Promise<Outcome> {
  const left = await d.redis.transfer(d.keys[t.from] ?? '', d.keys[t.to] ?? '', t.amount);
  if (left < 0) return 'declined';
  d.ledger.transfer(t.from, t.to, t.amount);
  return 'moved';
}

async function incrby(d: WorkerDeps, t: Transfer): Promise<Outcome> {
  const [a, b] = [d.keys[t.from] ?? '', d.keys[t.to] ?? ''];
  const readA = num(await d.redis.get(a));
  await d.think();
  if (readA < t.amount) return 'declined';
  // Atomic and blind: neither command can see that the check above is out of date.
  const replies = await d.redis.multi().decrby(a, t.amount).incrby(b, t.amount).exec();
  if (replies === null) throw new Error('EXEC aborted without a WATCH');
  throwFirstError(replies);
  d.ledger.transfer(t.from, t.to, t.amount);
  const left = Number(replies[0]?.[1]);
  if (left < 0) {
    d.counters.overdrafts.inc();
    d.listener.overdraft(t.from, left, t);
  }
  return 'moved';
}

function throwFirstError(replies: [Error | null, unknown][]): void {
  const failed = replies.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}

export const STRATEGY: Readonly<
  Record<Strategy, (d: WorkerDeps, t: Transfer) => Promise<Outcome>>
> = { naive, watch, lua, incrby };
