// What a run keeps of the traces its services export (OTLP), in the shape the API and the
// follow-one-request view use. Times are milliseconds since the run started, so a waterfall
// lines up with the run's charts and markers.

export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

/** The transport a span crossed, from its semantic-convention attributes. */
export type SpanSystem = 'http' | 'rabbitmq' | 'kafka' | 'redis';

export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** The exporting service (`service.name`): 'gateway', 'product-service'… */
  service: string;
  /** Its instance (`service.instance.id`): 'product-service-2'. */
  instance?: string;
  kind: SpanKind;
  system?: SpanSystem;
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error' | 'unset';
  /** Attributes as exported (strings, numbers, booleans; arrays joined). */
  attributes: Record<string, string | number | boolean>;
}

export interface TraceSummary {
  traceId: string;
  /** The root span's name ('GET /api/products/:id'), or the earliest span's when the root is missing. */
  root: string;
  /** The root span's service. */
  service: string;
  startMs: number;
  durationMs: number;
  spans: number;
  services: string[];
  systems: SpanSystem[];
  error: boolean;
}

/** A run's traces, newest first; bounded (the oldest traces go first). */
export interface RunTraces {
  list(limit?: number): TraceSummary[];
  get(traceId: string): TraceSpan[] | undefined;
  /** Spans received over OTLP (before the bound), for the checks and the API. */
  readonly received: number;
}
