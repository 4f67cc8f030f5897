// The follow-one-request API's shapes (playground-server/src/routes/traces.ts); the span and
// summary types themselves are in traces.ts, and the agreement below keeps the two together.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { SpanSystem, TraceSpan, TraceSummary } from './traces.ts';

export const SPAN_SYSTEMS = ['http', 'rabbitmq', 'kafka', 'redis'] as const;
const SPAN_KINDS = ['server', 'client', 'producer', 'consumer', 'internal'] as const;

const SpanSystemSchema = Type.Union(SPAN_SYSTEMS.map((s) => Type.Literal(s)));
const RunId = Type.String({ pattern: '^[a-z0-9]{6,16}$' });
// W3C trace context: 16 bytes as 32 lowercase hex digits, which is how OTLP JSON carries them.
const TraceId = Type.String({ pattern: '^[0-9a-f]{32}$', description: 'a W3C trace id' });

export const TraceSpanSchema = Type.Object({
  traceId: Type.String(),
  spanId: Type.String(),
  parentSpanId: Type.Optional(Type.String()),
  name: Type.String(),
  service: Type.String(),
  instance: Type.Optional(Type.String()),
  kind: Type.Union(SPAN_KINDS.map((k) => Type.Literal(k))),
  system: Type.Optional(SpanSystemSchema),
  startMs: Type.Number(),
  durationMs: Type.Number(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('unset')]),
  attributes: Type.Record(
    Type.String(),
    Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  ),
});

export const TraceSummarySchema = Type.Object({
  traceId: Type.String(),
  root: Type.String(),
  service: Type.String(),
  startMs: Type.Number(),
  durationMs: Type.Number(),
  spans: Type.Integer(),
  services: Type.Array(Type.String()),
  systems: Type.Array(SpanSystemSchema),
  error: Type.Boolean(),
});

export const TraceListSchema = Type.Object({
  traces: Type.Array(TraceSummarySchema),
  received: Type.Integer({ description: 'spans the run received over OTLP, before any bound' }),
});
export type TraceList = Static<typeof TraceListSchema>;

export const TraceDetailSchema = Type.Object({
  traceId: Type.String(),
  spans: Type.Array(TraceSpanSchema),
});
export type TraceDetail = Static<typeof TraceDetailSchema>;

export const TRACE_LIST_DEFAULT = 50;
export const TRACE_LIST_MAX = 500;

export const TracesQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: TRACE_LIST_MAX, default: TRACE_LIST_DEFAULT }),
  ),
  crosses: Type.Optional(
    Type.String({
      pattern: `^(${SPAN_SYSTEMS.join('|')})(,(${SPAN_SYSTEMS.join('|')}))*$`,
      description:
        'only traces crossing every one of these systems, comma-separated: rabbitmq,kafka',
    }),
  ),
});

export const TraceParams = Type.Object({ id: RunId, traceId: TraceId });

const isSystem = (s: string): s is SpanSystem => (SPAN_SYSTEMS as readonly string[]).includes(s);

/** The systems `crosses` names (`rabbitmq,kafka`); anything else in it is ignored. */
export function crossedSystems(crosses: string | undefined): SpanSystem[] {
  return [...new Set((crosses ?? '').split(','))].filter(isSystem);
}

// The engine's shapes and the schemas must not drift apart (see api-schemas.ts for the idea).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Holds<T extends true> = T;
export type TracesAgreement = [
  Holds<Same<Static<typeof TraceSpanSchema>, TraceSpan>>,
  Holds<Same<Static<typeof TraceSummarySchema>, TraceSummary>>,
  Holds<Mutual<Static<typeof SpanSystemSchema>, SpanSystem>>,
];
