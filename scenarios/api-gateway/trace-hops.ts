// Reads one order's trace from what the services exported: does the trace context survive every
// hop? Each hop is a parent/child link between spans two different processes made, so it holds
// only if `traceparent` crossed that transport (HTTP headers, AMQP headers, Kafka headers).
import type { RunTraces, TraceSpan } from '../src/sdk/index.ts';

export interface OrderHops {
  /** gateway's client span → product-service's server span. */
  http: boolean;
  /** product-service's publish → notification-service's consume (the notifications queue). */
  rabbitmq: boolean;
  /** notification-service's request → user-service's consume (the RPC queue). */
  rpc: boolean;
  /** product-service's send → analytics-service's process (the activity topic). */
  kafka: boolean;
}

export const HOPS: readonly (keyof OrderHops)[] = ['http', 'rabbitmq', 'rpc', 'kafka'];

export const ORDER_ROOT = 'POST /api/orders';

export function orderHops(spans: readonly TraceSpan[]): OrderHops {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const linked = (child: (s: TraceSpan) => boolean, parent: (s: TraceSpan) => boolean): boolean =>
    spans.some((s) => {
      if (!child(s) || s.parentSpanId === undefined) return false;
      const p = byId.get(s.parentSpanId);
      return p !== undefined && parent(p);
    });
  const is =
    (service: string, kind: TraceSpan['kind'], system?: TraceSpan['system']) =>
    (s: TraceSpan): boolean =>
      s.service === service && s.kind === kind && (system === undefined || s.system === system);
  return {
    http: linked(is('product-service', 'server'), is('gateway', 'client')),
    rabbitmq: linked(
      is('notification-service', 'consumer', 'rabbitmq'),
      is('product-service', 'producer', 'rabbitmq'),
    ),
    rpc: linked(
      is('user-service', 'consumer', 'rabbitmq'),
      is('notification-service', 'producer', 'rabbitmq'),
    ),
    kafka: linked(
      is('analytics-service', 'consumer', 'kafka'),
      is('product-service', 'producer', 'kafka'),
    ),
  };
}

const crossed = (hops: OrderHops): number => HOPS.filter((h) => hops[h]).length;

/** The order trace that crossed the most hops (all four when propagation works), if any. */
export function bestOrderTrace(
  traces: RunTraces,
): { traceId: string; hops: OrderHops; spans: number } | undefined {
  let best: { traceId: string; hops: OrderHops; spans: number } | undefined;
  for (const summary of traces.list(5000)) {
    if (summary.root !== ORDER_ROOT) continue;
    const spans = traces.get(summary.traceId) ?? [];
    const hops = orderHops(spans);
    if (best === undefined || crossed(hops) > crossed(best.hops)) {
      best = { traceId: summary.traceId, hops, spans: spans.length };
      if (crossed(hops) === HOPS.length) break;
    }
  }
  return best;
}
