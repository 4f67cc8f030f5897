// Offers each request to all five limiters in one pipeline (five EVALSHAs, one round trip) and
// records the answers: allowed/rejected counters, and each client's allowed timestamps per
// limiter, from which maxInAnyWindow follows.
import type { Counter, Gauge } from '../src/sdk/recorders.ts';
import { AllowedWindow } from './allowed-window.ts';
import { ALGORITHMS, COMMAND, limiterPipeline } from './lua/commands.ts';
import type { Algorithm, LimiterRedis } from './lua/commands.ts';

export interface LimiterRecorders {
  allowed: Counter;
  rejected: Counter;
  maxInAnyWindow: Gauge;
}

export interface DriverListener {
  /** The first request this limiter rejected. */
  firstRejection(algorithm: Algorithm, client: number, t: number): void;
  /** A client reached a new most-allowed-within-one-window for this limiter. */
  newMaximum(algorithm: Algorithm, count: number, client: number, t: number): void;
}

// Enough requests in flight to keep Redis busy; beyond it the loop waits until half have been
// answered, so a Redis slower than the asked rate slows the run instead of growing a queue.
export const MAX_IN_FLIGHT = 128;
const RESUME_BELOW = MAX_IN_FLIGHT / 2;

export class LimiterDriver {
  readonly windows: AllowedWindow[][];
  /** The time of each client's latest request (ms on the run's clock; -1 = none yet). */
  readonly lastOffered: Float64Array;
  /** The most allowed within one window per limiter, seen by requests since `resetBurstMax`. */
  readonly burstMax = new Array<number>(ALGORITHMS.length).fill(0);
  firstT = -1;
  lastT = -1;
  offered = 0;
  /**
   * Whether some client offered more than `limit` requests within one window: only then did any
   * limiter have to refuse, so only then can a check of its refusals fail.
   */
  offeredOverLimit = false;
  inFlight = 0;
  failure: Error | undefined;

  private readonly keys: string[][];
  // Each client's offered requests within the last window, until one goes over the limit.
  private readonly offeredWindows: AllowedWindow[];
  private readonly maxima = new Array<number>(ALGORITHMS.length).fill(0);
  private readonly rejectedOnce = new Array<boolean>(ALGORITHMS.length).fill(false);
  private tail: Promise<void> = Promise.resolve();
  private requestId = 0;
  private wakeWhenRoom: (() => void) | undefined;

  constructor(
    private readonly redis: LimiterRedis,
    key: (algorithm: Algorithm, client: number) => string,
    clients: number,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly recorders: LimiterRecorders[],
    private readonly listener: DriverListener,
  ) {
    this.keys = ALGORITHMS.map((a) => Array.from({ length: clients }, (_, c) => key(a, c)));
    const capacity = Math.min(limit + 1, 64);
    this.windows = ALGORITHMS.map(() =>
      Array.from({ length: clients }, () => new AllowedWindow(windowMs, capacity)),
    );
    this.offeredWindows = Array.from(
      { length: clients },
      () => new AllowedWindow(windowMs, capacity),
    );
    this.lastOffered = new Float64Array(clients).fill(-1);
    for (const r of recorders) r.maxInAnyWindow.set(0);
  }

  /** Sends one request from `client` at time `t` (never earlier than the previous one). */
  offer(t: number, client: number): void {
    const pipeline = limiterPipeline(this.redis);
    const id = ++this.requestId;
    for (let a = 0; a < ALGORITHMS.length; a++) {
      const algorithm = ALGORITHMS[a] as Algorithm;
      pipeline[COMMAND[algorithm]](this.keys[a]?.[client] ?? '', t, this.limit, this.windowMs, id);
    }
    const reply = pipeline.exec();
    // Its failure is handled in order below; this only keeps Node from calling it unhandled
    // while earlier answers are still pending.
    reply.catch(() => undefined);
    if (!this.offeredOverLimit) {
      this.offeredOverLimit = (this.offeredWindows[client]?.add(t) ?? 0) > this.limit;
    }
    if (this.firstT < 0) this.firstT = t;
    this.lastT = t;
    this.offered++;
    this.inFlight++;
    // Answers are applied in the order the requests were sent, so each client's allowed
    // timestamps arrive sorted even if ioredis had to resend a script (NOSCRIPT) for one.
    this.tail = this.tail.then(async () => {
      try {
        this.apply(t, client, await reply);
      } catch (error) {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        this.inFlight--;
        if (this.inFlight <= RESUME_BELOW && this.wakeWhenRoom !== undefined) {
          this.wakeWhenRoom();
          this.wakeWhenRoom = undefined;
        }
      }
    });
  }

  /** Resolves at once while fewer than MAX_IN_FLIGHT requests await answers, else once half have. */
  room(): Promise<void> | undefined {
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => {
      this.wakeWhenRoom = resolve;
    });
  }

  /** Resolves once every request sent so far has been answered and recorded. */
  drain(): Promise<void> {
    return this.tail;
  }

  resetBurstMax(): void {
    this.burstMax.fill(0);
  }

  private apply(t: number, client: number, replies: [Error | null, unknown][] | null): void {
    if (replies === null) throw new Error('the limiter pipeline was discarded');
    this.lastOffered[client] = t;
    for (let a = 0; a < ALGORITHMS.length; a++) {
      const [error, answer] = replies[a] ?? [new Error('missing reply'), undefined];
      if (error !== null) throw error;
      const algorithm = ALGORITHMS[a] as Algorithm;
      const r = this.recorders[a] as LimiterRecorders;
      const window = this.windows[a]?.[client] as AllowedWindow;
      if (answer !== 0 && answer !== 1) {
        throw new Error(`${algorithm} answered ${String(answer)}, neither 1 (allowed) nor 0`);
      }
      if (answer === 1) {
        r.allowed.inc();
        const inWindow = window.add(t);
        if (inWindow > (this.burstMax[a] ?? 0)) this.burstMax[a] = inWindow;
        if (inWindow > (this.maxima[a] ?? 0)) {
          this.maxima[a] = inWindow;
          r.maxInAnyWindow.set(inWindow);
          this.listener.newMaximum(algorithm, inWindow, client, t);
        }
      } else {
        r.rejected.inc();
        // A rejected request still shows how full this client's window is right now.
        const inWindow = window.countAt(t);
        if (inWindow > (this.burstMax[a] ?? 0)) this.burstMax[a] = inWindow;
        if (!this.rejectedOnce[a]) {
          this.rejectedOnce[a] = true;
          this.listener.firstRejection(algorithm, client, t);
        }
      }
    }
  }
}
