// The gateway's protection around one upstream (product-service): a timeout on every attempt,
// retries with exponentially growing, fully jittered pauses, an opossum circuit breaker that
// every attempt goes through, and a fallback (the product as Redis last cached it) when the
// attempts are spent or the breaker refuses. With protection off a call is one plain attempt
// with no timeout of its own: that is the gateway the cascade is made of.
//
// Attempts, not whole calls, go through the breaker, so it counts each timed-out attempt and
// opens after a handful of them instead of after a handful of retried calls; an attempt the
// breaker refuses is not retried (retrying into an open breaker only burns the caller's time).
import CircuitBreaker from 'opossum';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export type BreakerState = 'closed' | 'half-open' | 'open';

/** The `breakerState` gauge's encoding: 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/** What a learner changes live (`POST /_resilience`). */
export interface ResilienceSettings {
  protection: boolean;
  /** Each attempt's budget while protected. */
  timeoutMs: number;
  /** Attempts after the first, while protected. */
  retries: number;
  /** The pause before retry n (from 0) is uniform in [0, min(backoffCapMs, backoffBaseMs·2ⁿ)]. */
  backoffBaseMs: number;
  backoffCapMs: number;
}

/** opossum's settings, fixed for the gateway's life. */
export interface BreakerSettings {
  /** How long the breaker stays open before it lets one trial attempt through (half-open). */
  resetTimeoutMs: number;
  /** The failed share of attempts (percent) in the rolling window above which it opens. */
  errorThresholdPercentage: number;
  /** Attempts the rolling window must hold before it may open. */
  volumeThreshold: number;
  rollingWindowMs: number;
}

export const DEFAULT_SETTINGS: ResilienceSettings = {
  protection: false,
  timeoutMs: 250,
  retries: 2,
  backoffBaseMs: 50,
  backoffCapMs: 400,
};

export const DEFAULT_BREAKER: BreakerSettings = {
  resetTimeoutMs: 2000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  rollingWindowMs: 3000,
};

/** "Full jitter" (AWS Architecture Blog, Exponential Backoff And Jitter): uniform in [0, cap]. */
export function fullJitterDelay(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** retry);
  return random() * ceiling;
}

/**
 * One attempt at the upstream. It must give up once `signal` aborts (undici takes it, with
 * `headersTimeout` set to `timeoutMs` too); it resolves with an answer (a 404 is an answer) and
 * rejects only on what should count against the upstream: a 5xx, a timeout, a refused connection.
 */
export type Attempt<T> = (budget: {
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
}) => Promise<T>;

export interface Outcome<T> {
  value: T;
  source: 'upstream' | 'fallback';
  /** Attempts that reached for the upstream (0 when the breaker refused the first). */
  attempts: number;
}

/** Every attempt failed (or the breaker refused) and the fallback had nothing. */
export class UpstreamUnavailable extends Error {
  constructor(
    readonly upstream: string,
    readonly attempts: number,
    /** 'miss': the fallback was tried and the cache did not hold the item; 'none': not tried. */
    readonly fallback: 'miss' | 'none',
    override readonly cause: unknown,
  ) {
    super(`${upstream} unavailable after ${attempts} attempt(s) (fallback: ${fallback})`);
    this.name = 'UpstreamUnavailable';
  }
}

/** The Prometheus side, on the service's own registry. */
export class ResilienceMetrics {
  readonly state: Gauge<'service'>;
  readonly protection: Gauge<'service'>;
  readonly transitions: Counter<'service' | 'to'>;
  readonly breakerEvents: Counter<'service' | 'event'>;
  readonly attempts: Counter<'service'>;
  readonly retries: Counter<'service'>;
  readonly fallbacks: Counter<'service' | 'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.state = new Gauge({
      name: 'shop_gateway_breaker_state',
      help: 'The breaker around an upstream: 0 closed, 1 half-open, 2 open',
      labelNames: ['service'],
      registers,
    });
    this.protection = new Gauge({
      name: 'shop_gateway_protection',
      help: '1 while calls to an upstream go through timeouts, retries, the breaker and the fallback',
      labelNames: ['service'],
      registers,
    });
    this.transitions = new Counter({
      name: 'shop_gateway_breaker_transitions_total',
      help: "The breaker's state changes, from opossum's open / halfOpen / close events",
      labelNames: ['service', 'to'],
      registers,
    });
    this.breakerEvents = new Counter({
      name: 'shop_gateway_breaker_events_total',
      help: "opossum's per-attempt events: success, failure, timeout, reject (refused while open)",
      labelNames: ['service', 'event'],
      registers,
    });
    this.attempts = new Counter({
      name: 'shop_gateway_upstream_attempts_total',
      help: 'Attempts the gateway sent to an upstream, retries included',
      labelNames: ['service'],
      registers,
    });
    this.retries = new Counter({
      name: 'shop_gateway_retries_total',
      help: 'Attempts after the first of a call',
      labelNames: ['service'],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'shop_gateway_fallbacks_total',
      help: 'Calls answered from the fallback (served) or that found nothing there (miss)',
      labelNames: ['service', 'result'],
      registers,
    });
  }
}

export interface ResilientUpstreamOptions<T> {
  upstream: string;
  settings?: Partial<ResilienceSettings>;
  breaker?: Partial<BreakerSettings>;
  /** The last good copy of `key`, or undefined; a rejection is treated as a miss. */
  fallback(key: string): Promise<T | undefined>;
  metrics: ResilienceMetrics;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type Action<T> = (run: () => Promise<T>) => Promise<T>;

export class ResilientUpstream<T> {
  private settingsNow: ResilienceSettings;
  private readonly breaker: CircuitBreaker<[() => Promise<T>], T>;
  private readonly upstream: string;
  private readonly metrics: ResilienceMetrics;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fallback: (key: string) => Promise<T | undefined>;

  constructor(options: ResilientUpstreamOptions<T>) {
    this.upstream = options.upstream;
    this.metrics = options.metrics;
    this.fallback = options.fallback;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.settingsNow = validSettings({ ...DEFAULT_SETTINGS, ...options.settings });
    const breaker = { ...DEFAULT_BREAKER, ...options.breaker };
    const action: Action<T> = (run) => run();
    this.breaker = new CircuitBreaker(action, {
      name: this.upstream,
      // Each attempt carries its own timeout (undici's, through the signal), which a learner
      // changes live; opossum's own timer would be a second, fixed one.
      timeout: false,
      resetTimeout: breaker.resetTimeoutMs,
      errorThresholdPercentage: breaker.errorThresholdPercentage,
      volumeThreshold: breaker.volumeThreshold,
      rollingCountTimeout: breaker.rollingWindowMs,
      rollingCountBuckets: 10,
      rollingPercentilesEnabled: false,
    });
    this.observeBreaker();
  }

  get settings(): ResilienceSettings {
    return { ...this.settingsNow };
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Merges a live change; throws on a value out of bounds (the route answers 400). */
  update(change: Partial<ResilienceSettings>): ResilienceSettings {
    this.settingsNow = validSettings({ ...this.settingsNow, ...change });
    this.metrics.protection.set({ service: this.upstream }, this.settingsNow.protection ? 1 : 0);
    return this.settings;
  }

  async call(key: string, attempt: Attempt<T>): Promise<Outcome<T>> {
    const settings = this.settingsNow;
    if (!settings.protection) {
      this.metrics.attempts.inc({ service: this.upstream });
      try {
        const value = await attempt({ timeoutMs: undefined, signal: undefined });
        return { value, source: 'upstream', attempts: 1 };
      } catch (error) {
        throw new UpstreamUnavailable(this.upstream, 1, 'none', error);
      }
    }
    let attempts = 0;
    let lastError: unknown;
    for (let retry = 0; retry <= settings.retries; retry += 1) {
      if (retry > 0) {
        await this.sleep(
          fullJitterDelay(retry - 1, settings.backoffBaseMs, settings.backoffCapMs, this.random),
        );
      }
      try {
        const value = await this.breaker.fire(() => {
          attempts += 1;
          this.metrics.attempts.inc({ service: this.upstream });
          if (attempts > 1) this.metrics.retries.inc({ service: this.upstream });
          const signal = AbortSignal.timeout(settings.timeoutMs);
          return attempt({ timeoutMs: settings.timeoutMs, signal });
        });
        return { value, source: 'upstream', attempts };
      } catch (error) {
        lastError = error;
        if (CircuitBreaker.isOurError(error as Error)) break;
      }
    }
    let cached: T | undefined;
    try {
      cached = await this.fallback(key);
    } catch {
      cached = undefined;
    }
    if (cached === undefined) {
      this.metrics.fallbacks.inc({ service: this.upstream, result: 'miss' });
      throw new UpstreamUnavailable(this.upstream, attempts, 'miss', lastError);
    }
    this.metrics.fallbacks.inc({ service: this.upstream, result: 'served' });
    return { value: cached, source: 'fallback', attempts };
  }

  /** Stops opossum's timers (its rolling window and a pending half-open). */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private observeBreaker(): void {
    const service = this.upstream;
    const { state, transitions, breakerEvents, protection } = this.metrics;
    state.set({ service }, BREAKER_STATE_VALUE.closed);
    protection.set({ service }, this.settingsNow.protection ? 1 : 0);
    const to = (next: BreakerState) => () => {
      state.set({ service }, BREAKER_STATE_VALUE[next]);
      transitions.inc({ service, to: next });
    };
    this.breaker.on('open', to('open'));
    this.breaker.on('halfOpen', to('half-open'));
    this.breaker.on('close', to('closed'));
    const count = (event: string) => () => breakerEvents.inc({ service, event });
    this.breaker.on('success', count('success'));
    this.breaker.on('failure', count('failure'));
    this.breaker.on('timeout', count('timeout'));
    this.breaker.on('reject', count('reject'));
  }
}

const BOUNDS: Record<Exclude<keyof ResilienceSettings, 'protection'>, [number, number]> = {
  timeoutMs: [1, 60_000],
  retries: [0, 10],
  backoffBaseMs: [0, 10_000],
  backoffCapMs: [0, 60_000],
};

function validSettings(settings: ResilienceSettings): ResilienceSettings {
  if (typeof settings.protection !== 'boolean') {
    throw new RangeError('protection must be true or false');
  }
  for (const [field, [min, max]] of Object.entries(BOUNDS)) {
    const value = settings[field as keyof typeof BOUNDS];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new RangeError(`${field} must be a number from ${min} to ${max}`);
    }
  }
  if (!Number.isInteger(settings.retries)) throw new RangeError('retries must be an integer');
  return settings;
}
