// What a learner should notice, in words: each limiter's first rejection, and how far past the
// limit the burstier ones let a client go within one window.
import type { Algorithm } from './lua/commands.ts';
import { ALGORITHMS } from './lua/commands.ts';
import type { DriverListener } from './limiter-driver.ts';
import type { Burst } from './traffic.ts';
import type { Pattern } from './params.ts';

const sec = (ms: number): string => (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 2);

export class Narrator implements DriverListener {
  private readonly queued: { message: string; level: 'info' | 'warn' }[] = [];
  private readonly maxima = new Map<Algorithm, string>();

  constructor(
    private readonly emit: (message: string, level?: 'info' | 'warn') => void,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly pattern: Pattern,
  ) {}

  firstRejection(algorithm: Algorithm, client: number, t: number): void {
    const who = `client ${client + 1}`;
    const { limit, windowMs: w } = this;
    const why: Record<Algorithm, () => string> = {
      'fixed-window': () => {
        const start = Math.floor(t / w) * w;
        return `${who} had used its ${limit} for the window ${sec(start)}–${sec(start + w)} s`;
      },
      'sliding-log': () => `${who} already had ${limit} allowed in the last ${sec(w)} s`,
      'sliding-window-counter': () =>
        `${who}'s estimate for the last ${sec(w)} s (previous window, weighted, plus current) had reached ${limit}`,
      'token-bucket': () =>
        `${who}'s bucket of ${limit} tokens was empty (it refills ${limit} per ${sec(w)} s)`,
      gcra: () =>
        `${who} was already a full burst ahead of its schedule of one request every ${Math.round((w / limit) * 100) / 100} ms`,
    };
    this.queued.push({
      message: `${algorithm} rejected its first request at ${(t / 1000).toFixed(2)} s: ${why[algorithm]()}`,
      level: 'info',
    });
  }

  newMaximum(algorithm: Algorithm, count: number, client: number, t: number): void {
    if (count <= this.limit) return;
    if (algorithm === 'sliding-log') {
      this.emit(
        `sliding-log let ${count} through within one window: it should never pass ${this.limit}`,
        'warn',
      );
      return;
    }
    // Bursty patterns get one summary per burst instead.
    if (this.pattern !== 'steady') return;
    const edge = Math.floor(t / this.windowMs) * this.windowMs;
    const how: Record<Exclude<Algorithm, 'sliding-log'>, string> = {
      'fixed-window': `across the boundary at ${sec(edge)} s`,
      'sliding-window-counter':
        'because its estimate assumes the previous window was evenly spread',
      'token-bucket': "a full bucket's burst plus what refilled meanwhile",
      gcra: 'a full burst plus one per interval since',
    };
    this.maxima.set(
      algorithm,
      `${algorithm} let ${count} through within one window's length (client ${client + 1}, limit ${this.limit}): ${how[algorithm]}`,
    );
  }

  /**
   * Emits the oldest waiting message, if any. Called a few times a second, so a burst of news
   * (five limiters rejecting at once) reads as a story rather than arriving all at once and
   * being cut by the run's event limit.
   */
  flush(): void {
    const next = this.queued.shift();
    if (next !== undefined) this.emit(next.message, next.level);
    else {
      const maximum = this.takeMaximum();
      if (maximum !== undefined) this.emit(maximum);
    }
  }

  burstEnded(burst: Burst, burstMax: readonly number[]): void {
    const ranked = ALGORITHMS.map((a, i) => ({ a, n: burstMax[i] ?? 0 })).sort((x, y) => y.n - x.n);
    const when =
      burst.edge === undefined
        ? `Burst at ${sec(burst.start)}–${sec(burst.end)} s`
        : `Burst across the window edge at ${sec(burst.edge)} s`;
    const worst = ranked[0];
    this.queued.push({
      message: `${when}: the most one client got within ${sec(this.windowMs)} s — ${ranked.map((r) => `${r.a} ${r.n}`).join(', ')} (limit ${this.limit})`,
      level: worst !== undefined && worst.n > this.limit ? 'warn' : 'info',
    });
  }

  private takeMaximum(): string | undefined {
    for (const [algorithm, message] of this.maxima) {
      this.maxima.delete(algorithm);
      return message;
    }
    return undefined;
  }
}
