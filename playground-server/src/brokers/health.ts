// Health is probed in the background and served from memory, so /api/health answers at once
// even while a broker hangs; a probe that hangs is cut off by its own timeout.
import type { BrokerHealth } from '../routes/schemas.ts';
import { redactCredentials } from '../config.ts';

export type BrokerId = 'redis' | 'rabbitmq' | 'kafka';
export const BROKER_IDS: readonly BrokerId[] = ['redis', 'rabbitmq', 'kafka'];

export type { BrokerHealth } from '../routes/schemas.ts';

export interface ProbeResult {
  version: string;
  latencyMs: number;
}

export class HealthMonitor {
  private current: BrokerHealth;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly listeners = new Set<(health: BrokerHealth) => void>();

  constructor(
    readonly broker: BrokerId,
    readonly address: string,
    private readonly probe: () => Promise<ProbeResult>,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {
    this.current = {
      ok: false,
      version: null,
      latencyMs: null,
      address,
      error: 'not checked yet',
      checkedAt: null,
    };
  }

  get health(): BrokerHealth {
    return this.current;
  }

  onChange(listener: (health: BrokerHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One probe now; concurrent callers share it. */
  check(): Promise<void> {
    this.inFlight ??= this.runProbe().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async runProbe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    let next: BrokerHealth;
    try {
      const result = await Promise.race([this.probe(), timeout]);
      next = {
        ok: true,
        version: result.version,
        latencyMs: result.latencyMs,
        address: this.address,
        checkedAt: new Date().toISOString(),
      };
    } catch (error) {
      next = {
        ok: false,
        version: this.current.version,
        latencyMs: null,
        address: this.address,
        // Client libraries may quote the URL they were given, password and all.
        error: redactCredentials((error as Error).message || String(error)),
        checkedAt: new Date().toISOString(),
      };
    } finally {
      clearTimeout(timer);
    }
    const changed = next.ok !== this.current.ok || next.error !== this.current.error;
    this.current = next;
    if (changed) for (const listener of this.listeners) listener(next);
  }
}

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
