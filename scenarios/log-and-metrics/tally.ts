// What the aggregator keeps per service from the records that came through Kafka: requests,
// error logs, and every request's duration (for exact percentiles).

/** The fields of a shipped record the aggregator reads (infrastructure/shop/lib/log-shipper.ts). */
export type Shipped =
  | {
      kind: 'request';
      service: string;
      instance: string;
      route: string;
      status: number;
      durationMs: number;
    }
  | { kind: 'log'; level: string; service: string; instance: string; msg: string };

/** A record from the topic, or undefined when it is not one the shipper writes. */
export function decodeShipped(value: Buffer | string | null): Shipped | undefined {
  if (value === null) return undefined;
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(value.toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const str = (k: string): string | undefined =>
    typeof r[k] === 'string' ? (r[k] as string) : undefined;
  const service = str('service');
  const instance = str('instance');
  if (service === undefined || instance === undefined) return undefined;
  if (r.kind === 'request' && typeof r.status === 'number' && typeof r.durationMs === 'number') {
    return {
      kind: 'request',
      service,
      instance,
      route: str('route') ?? '',
      status: r.status,
      durationMs: r.durationMs,
    };
  }
  if (r.kind === 'log')
    return { kind: 'log', level: str('level') ?? '', service, instance, msg: str('msg') ?? '' };
  return undefined;
}

export class ServiceTally {
  requests = 0;
  /** Error log records. */
  errors = 0;
  /** Request records answered with a 5xx. */
  serverErrors = 0;
  private readonly durations: number[] = [];
  private sorted = true;

  add(record: Shipped): void {
    if (record.kind === 'log') {
      if (record.level === 'error') this.errors++;
      return;
    }
    this.requests++;
    if (record.status >= 500) this.serverErrors++;
    const last = this.durations[this.durations.length - 1];
    if (last !== undefined && record.durationMs < last) this.sorted = false;
    this.durations.push(record.durationMs);
  }

  /**
   * The q-quantile (0–1] of the durations, in ms: the ⌈q·n⌉-th smallest, the same rank a
   * Prometheus histogram's cumulative buckets are searched for. Undefined with no request.
   */
  quantile(q: number): number | undefined {
    if (this.durations.length === 0) return undefined;
    if (!this.sorted) {
      this.durations.sort((a, b) => a - b);
      this.sorted = true;
    }
    const rank = Math.max(1, Math.ceil(q * this.durations.length));
    return this.durations[rank - 1];
  }
}

export class ServiceTallies {
  readonly byService = new Map<string, ServiceTally>();
  /** Records read, shipped or not. */
  records = 0;
  /** Records that were not the shipper's. */
  unreadable = 0;

  add(value: Buffer | string | null): Shipped | undefined {
    this.records++;
    const record = decodeShipped(value);
    if (record === undefined) {
      this.unreadable++;
      return undefined;
    }
    this.of(record.service).add(record);
    return record;
  }

  of(service: string): ServiceTally {
    let tally = this.byService.get(service);
    if (tally === undefined) {
      tally = new ServiceTally();
      this.byService.set(service, tally);
    }
    return tally;
  }
}
