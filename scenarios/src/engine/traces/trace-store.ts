// A run's traces in memory: spans grouped by trace id, the oldest traces dropped beyond the bound
// so a long run's memory stays flat.
import type { RunTraces, SpanSystem, TraceSpan, TraceSummary } from '../../sdk/index.ts';

export interface TraceStoreOptions {
  /** Traces kept (default 5000). */
  maxTraces?: number;
  /** Spans kept per trace (default 500); more are counted in `received` but not kept. */
  maxSpansPerTrace?: number;
}

export class TraceStore implements RunTraces {
  private readonly traces = new Map<string, TraceSpan[]>();
  private receivedSpans = 0;
  private readonly maxTraces: number;
  private readonly maxSpansPerTrace: number;

  constructor(options: TraceStoreOptions = {}) {
    this.maxTraces = options.maxTraces ?? 5000;
    this.maxSpansPerTrace = options.maxSpansPerTrace ?? 500;
  }

  get received(): number {
    return this.receivedSpans;
  }

  add(spans: readonly TraceSpan[]): void {
    for (const span of spans) {
      this.receivedSpans++;
      let trace = this.traces.get(span.traceId);
      if (trace === undefined) {
        trace = [];
        this.traces.set(span.traceId, trace);
        // Map order is insertion order: the first key is the trace seen longest ago.
        if (this.traces.size > this.maxTraces) {
          const oldest = this.traces.keys().next().value;
          if (oldest !== undefined) this.traces.delete(oldest);
        }
      }
      if (trace.length < this.maxSpansPerTrace) trace.push(span);
    }
  }

  get(traceId: string): TraceSpan[] | undefined {
    const spans = this.traces.get(traceId);
    return spans === undefined ? undefined : [...spans].sort((a, b) => a.startMs - b.startMs);
  }

  list(limit = 100): TraceSummary[] {
    const summaries: TraceSummary[] = [];
    for (const [traceId, spans] of this.traces) summaries.push(summarize(traceId, spans));
    return summaries.sort((a, b) => b.startMs - a.startMs).slice(0, Math.max(0, limit));
  }
}

export function summarize(traceId: string, spans: readonly TraceSpan[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let earliest = spans[0];
  let root: TraceSpan | undefined;
  let endMs = -Infinity;
  const services = new Set<string>();
  const systems = new Set<SpanSystem>();
  let error = false;
  for (const span of spans) {
    if (earliest === undefined || span.startMs < earliest.startMs) earliest = span;
    if (span.parentSpanId === undefined && (root === undefined || span.startMs < root.startMs)) {
      root = span;
    }
    endMs = Math.max(endMs, span.startMs + span.durationMs);
    services.add(span.service);
    if (span.system !== undefined) systems.add(span.system);
    if (span.status === 'error') error = true;
  }
  // A root whose parent is elsewhere (a caller that does not export) still heads the trace.
  root ??= spans.find((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId)) ?? earliest;
  const startMs = earliest?.startMs ?? 0;
  return {
    traceId,
    root: root?.name ?? '',
    service: root?.service ?? '',
    startMs,
    durationMs: Math.round((endMs - startMs) * 1000) / 1000,
    spans: spans.length,
    services: [...services],
    systems: [...systems],
    error,
  };
}
