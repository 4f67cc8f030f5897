// OTLP/HTTP JSON (ExportTraceServiceRequest) as the JS exporter sends it, read into TraceSpans.
// Ids are hex strings, times are nanosecond strings, kinds and status codes are enum numbers.
import type { SpanKind, SpanSystem, TraceSpan } from '../../sdk/index.ts';

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
  status?: { code?: number };
}

interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

const KINDS: Record<number, SpanKind> = {
  1: 'internal',
  2: 'server',
  3: 'client',
  4: 'producer',
  5: 'consumer',
};

function scalar(value: AnyValue | undefined): string | number | boolean | undefined {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) {
    return (value.arrayValue.values ?? []).map((v) => String(scalar(v) ?? '')).join(',');
  }
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    const v = scalar(value);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Which transport a span crossed, from the semantic conventions its instrumentation follows. */
export function systemOf(attributes: Record<string, unknown>): SpanSystem | undefined {
  const messaging = attributes['messaging.system'];
  if (messaging === 'rabbitmq' || messaging === 'kafka') return messaging;
  if (attributes['db.system'] === 'redis' || attributes['db.system.name'] === 'redis') {
    return 'redis';
  }
  const http = ['http.request.method', 'http.method', 'url.full', 'http.url'];
  return http.some((k) => attributes[k] !== undefined) ? 'http' : undefined;
}

const nanosToMs = (nanos: string | number | undefined): number =>
  nanos === undefined ? 0 : Number(BigInt(nanos) / 1000n) / 1000;

/**
 * The spans of one export request; times become milliseconds since `originEpochMs` (the run's
 * start). Spans without ids are dropped.
 */
export function parseOtlpJson(body: unknown, originEpochMs: number): TraceSpan[] {
  const spans: TraceSpan[] = [];
  for (const rs of (body as OtlpRequest).resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    const service = String(resource['service.name'] ?? 'unknown');
    const instance = resource['service.instance.id'];
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        if (!span.traceId || !span.spanId) continue;
        const attributes = attributesOf(span.attributes);
        const startMs = nanosToMs(span.startTimeUnixNano) - originEpochMs;
        const endMs = nanosToMs(span.endTimeUnixNano) - originEpochMs;
        const code = span.status?.code ?? 0;
        const system = systemOf(attributes);
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
          name: span.name ?? '',
          service,
          ...(instance === undefined ? {} : { instance: String(instance) }),
          kind: KINDS[span.kind ?? 1] ?? 'internal',
          ...(system === undefined ? {} : { system }),
          startMs: Math.round(startMs * 1000) / 1000,
          durationMs: Math.max(0, Math.round((endMs - startMs) * 1000) / 1000),
          status: code === 2 ? 'error' : code === 1 ? 'ok' : 'unset',
          attributes,
        });
      }
    }
  }
  return spans;
}
