// The story of each stall, in a few lines: a holder stalls past its TTL, another client takes
// the lock while the first still believes, and the first one's late write lands or is refused.
import { fmt } from '../src/sdk/narration.ts';
import type { LockListener } from './lock-client.ts';

type Emit = (message: string, level?: 'info' | 'warn') => void;

export class LockNarrator implements LockListener {
  /** Tokens whose stall has been told, so each stall's overlap is told once. */
  private readonly stalled = new Set<number>();

  constructor(
    private readonly emit: Emit,
    private readonly fencing: boolean,
  ) {}

  paused(client: number, token: number, pauseMs: number, ttlMs: number): void {
    this.stalled.add(token);
    this.emit(
      pauseMs > ttlMs
        ? `client ${client} (token ${token}) stalls for ${fmt(pauseMs)} ms holding the lock; Redis lets the lock go after ${fmt(ttlMs)} ms`
        : `client ${client} (token ${token}) stalls for ${fmt(pauseMs)} ms, within the lock's ${fmt(ttlMs)} ms`,
    );
  }

  overlap(client: number, token: number, others: [number, number][]): void {
    const stalled = others.filter(([, t]) => this.stalled.has(t));
    if (stalled.length === 0) return;
    for (const [, t] of stalled) this.stalled.delete(t);
    const who = stalled.map(([c, t]) => `client ${c} (token ${t})`).join(' and ');
    this.emit(
      `client ${client} got the lock with token ${token} while ${who} still believes it holds it: two holders at once`,
      'warn',
    );
  }

  staleWrite(
    client: number,
    token: number,
    accepted: boolean,
    before: number,
    after: number,
  ): void {
    if (!accepted) {
      this.emit(
        `client ${client} woke and wrote with token ${token}: the storage refused it, having seen a newer token. Nothing lost`,
      );
    } else if (after <= before) {
      this.emit(
        `client ${client} woke and wrote with token ${token} over newer holders' work: the storage accepted it and its value went back from ${fmt(before)} to ${fmt(after)}`,
        'warn',
      );
    } else if (!this.fencing) {
      this.emit(
        `client ${client} wrote with an old token ${token}; no newer holder had written yet, so nothing was lost this time`,
      );
    }
  }
}
