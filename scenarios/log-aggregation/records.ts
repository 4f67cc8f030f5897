// What the services write (one JSON record per log line or metric sample, keyed by service) and
// the cells the aggregator and the services' own tallies count them in.

export const SERVICES = [
  'api',
  'auth',
  'billing',
  'search',
  'email',
  'cart',
  'media',
  'jobs',
] as const;

export type Level = 'info' | 'warn' | 'error';

export type LogRecord =
  | { service: string; kind: 'log'; level: Level; t: number; msg: string }
  | { service: string; kind: 'metric'; name: 'latency_ms'; value: number; t: number };

export function decodeRecord(value: Buffer | string | null): LogRecord | undefined {
  if (value === null) return undefined;
  try {
    const r = JSON.parse(value.toString()) as Partial<LogRecord>;
    if (typeof r.service !== 'string' || typeof r.t !== 'number') return undefined;
    return r as LogRecord;
  } catch {
    return undefined;
  }
}

/** The window an event time falls in: its start, in epoch ms. */
export const windowOf = (t: number, windowMs: number): number =>
  Math.floor(t / windowMs) * windowMs;

/** "<window start>|<service>". */
export const windowKey = (windowStart: number, service: string): string =>
  `${windowStart}|${service}`;

/**
 * The counts one record adds to its window: a line per level, or a metric sample and its value.
 * Services, aggregator and checks count with this one function.
 */
export function cellsOf(record: LogRecord): [string, number][] {
  if (record.kind === 'log') return [[record.level, 1]];
  return [
    ['metrics', 1],
    ['latencySum', record.value],
  ];
}

/** The tally key of one cell: "<window start>|<service>|<cell>". */
export const cellKey = (windowStart: number, service: string, cell: string): string =>
  `${windowKey(windowStart, service)}|${cell}`;
