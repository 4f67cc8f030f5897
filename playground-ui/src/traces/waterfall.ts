// A trace's spans laid out as a waterfall: one row per span, each under its parent (depth
// first, siblings in start order), with the bar's offset and width as fractions of the whole
// trace. Pure, so tests/ui can check it without a browser.
import type { SpanSystem, TraceSpan } from '../../../scenarios/src/sdk/traces.ts';

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Where the bar starts and how long it is, as fractions (0…1) of the trace's duration. */
  offset: number;
  width: number;
  /** Its parent is named but was not received (dropped, or its service is still exporting). */
  orphan: boolean;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startMs: number;
  durationMs: number;
  /** Services in the order they first appear, for the legend. */
  services: string[];
}

const byStart = (a: TraceSpan, b: TraceSpan): number =>
  a.startMs - b.startMs || a.name.localeCompare(b.name) || a.spanId.localeCompare(b.spanId);

export function layoutWaterfall(spans: readonly TraceSpan[]): Waterfall {
  if (spans.length === 0) return { rows: [], startMs: 0, durationMs: 0, services: [] };
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.startMs + Math.max(0, s.durationMs)));
  const durationMs = endMs - startMs;
  // A trace of zero length still draws: every bar then fills the row.
  const scale = durationMs > 0 ? durationMs : 1;

  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent !== undefined && parent !== span.spanId && ids.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(span);
      children.set(parent, list);
    } else {
      roots.push(span);
    }
  }

  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (top: TraceSpan): void => {
    // Iterative, so a long chain of spans cannot overflow the stack.
    const stack: { span: TraceSpan; depth: number }[] = [{ span: top, depth: 0 }];
    while (stack.length > 0) {
      const { span, depth } = stack.pop()!;
      if (seen.has(span.spanId)) continue;
      seen.add(span.spanId);
      rows.push({
        span,
        depth,
        offset: durationMs > 0 ? (span.startMs - startMs) / scale : 0,
        width: durationMs > 0 ? Math.max(0, span.durationMs) / scale : 1,
        orphan: span.parentSpanId !== undefined && !ids.has(span.parentSpanId),
      });
      const kids = [...(children.get(span.spanId) ?? [])].sort(byStart).reverse();
      for (const kid of kids) stack.push({ span: kid, depth: depth + 1 });
    }
  };
  for (const root of [...roots].sort(byStart)) visit(root);
  // Spans only reachable through a cycle of parents (a malformed export) still get a row.
  for (const span of [...spans].sort(byStart)) if (!seen.has(span.spanId)) visit(span);

  const services: string[] = [];
  for (const row of rows) if (!services.includes(row.span.service)) services.push(row.span.service);
  return { rows, startMs, durationMs, services };
}

// The shop's services keep one colour each across every trace; any other takes the next free.
const KNOWN_SERVICES = [
  'gateway',
  'auth-service',
  'user-service',
  'product-service',
  'notification-service',
  'analytics-service',
];

/** Services in a stable order for display: the shop's as listed above, then any other by name. */
export function sortServices(services: readonly string[]): string[] {
  const rank = (s: string): number => {
    const i = KNOWN_SERVICES.indexOf(s);
    return i >= 0 ? i : KNOWN_SERVICES.length;
  };
  return [...services].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const SYSTEM_ORDER: readonly SpanSystem[] = ['http', 'redis', 'rabbitmq', 'kafka'];

/** Systems in the order a request usually meets them. */
export function sortSystems(systems: readonly SpanSystem[]): SpanSystem[] {
  return SYSTEM_ORDER.filter((s) => systems.includes(s));
}

export function serviceColor(
  service: string,
  services: readonly string[],
  colors: readonly string[],
): string {
  const known = KNOWN_SERVICES.indexOf(service);
  const others = services.filter((s) => !KNOWN_SERVICES.includes(s));
  const index = known >= 0 ? known : KNOWN_SERVICES.length + Math.max(0, others.indexOf(service));
  return colors[index % colors.length] ?? '#888888';
}

export const SYSTEM_LABELS: Record<SpanSystem, string> = {
  http: 'HTTP',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  redis: 'Redis',
};

/** Round tick positions (1, 2, 5 × 10ⁿ ms apart) from 0 to `durationMs`, at most about `count`. */
export function durationTicks(durationMs: number, count: number): number[] {
  if (!(durationMs > 0) || count < 1) return [0];
  const raw = durationMs / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** A span's duration as read on screen: sub-millisecond spans keep their precision. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}
