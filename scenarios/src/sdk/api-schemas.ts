// The HTTP API's and the socket's shapes, defined once. The server validates and serializes with
// these schemas (they are also its OpenAPI document) and the UI takes its types from them. It
// imports TypeBox and the plain-data spec only, so the UI's build never pulls in Node or broker
// code.
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type {
  ChartSpec,
  MetricSpec,
  RunResources,
  Topology,
  TopologyEdge,
  TopologyNode,
} from './spec.ts';

import type { WorkshopAck, WorkshopPosition, WorkshopState } from './workshop-schemas.ts';

export * from './workshop-schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BrokerNameSchema = Type.Union([
  Type.Literal('redis'),
  Type.Literal('rabbitmq'),
  Type.Literal('kafka'),
]);

export const LevelSchema = Type.Union([
  Type.Literal('beginner'),
  Type.Literal('intermediate'),
  Type.Literal('advanced'),
]);

export const MetricSpecSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  kind: Type.Union([Type.Literal('counter'), Type.Literal('gauge'), Type.Literal('histogram')]),
  chart: Type.String(),
  description: Type.Optional(Type.String()),
});

export const ChartSpecSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  description: Type.Optional(Type.String()),
  show: Type.Optional(Type.Union([Type.Literal('rate'), Type.Literal('total')])),
});

const TopologyNodeSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(
    (
      [
        'client',
        'producer',
        'consumer',
        'exchange',
        'queue',
        'topic',
        'partition',
        'group',
        'cache',
        'origin',
        'limiter',
        'broker',
      ] as const
    ).map((kind) => Type.Literal(kind)),
  ),
  label: Type.String(),
  metric: Type.Optional(Type.String()),
  parent: Type.Optional(Type.String()),
  faultNode: Type.Optional(Type.String()),
});

const TopologyEdgeSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  metric: Type.Optional(Type.String()),
  label: Type.Optional(Type.String()),
});

export const TopologySchema = Type.Object({
  nodes: Type.Array(TopologyNodeSchema),
  edges: Type.Array(TopologyEdgeSchema),
});

export const ResourcesSchema = Type.Object({
  redisKeyPrefix: Type.String(),
  queues: Type.Array(Type.String()),
  exchanges: Type.Array(Type.String()),
  topics: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
});

export const FrameSchema = Type.Object({
  t: Type.Number({ description: 'milliseconds since the run started' }),
  values: Type.Record(Type.String(), Type.Number()),
});
export type Frame = Static<typeof FrameSchema>;

export const RunEventSchema = Type.Object({
  t: Type.Number(),
  message: Type.String(),
  level: Type.Union([Type.Literal('info'), Type.Literal('warn')]),
});
export type RunEvent = Static<typeof RunEventSchema>;

export const CheckOutcomeSchema = Type.Object({
  id: Type.String(),
  description: Type.String(),
  status: Type.Union(
    [Type.Literal('passed'), Type.Literal('failed'), Type.Literal('not-applicable')],
    { description: 'not-applicable: the params rule the check out; it is not a failure' },
  ),
  passed: Type.Boolean({ description: 'true only when status is passed' }),
  detail: Type.String({ description: 'what was compared, or why the check does not apply' }),
});
export type CheckOutcome = Static<typeof CheckOutcomeSchema>;

export const RunStateSchema = Type.Union([
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('stopped'),
  Type.Literal('failed'),
]);
export type RunState = Static<typeof RunStateSchema>;

export const ParamsChangeSchema = Type.Object({
  t: Type.Number({ description: 'milliseconds since the run started' }),
  params: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the fields the change set, with their new values',
  }),
});

export const RunPhaseSchema = Type.Object({
  name: Type.String({ description: "'warm-up', 'load', 'drain' or the scenario's own" }),
  startMs: Type.Number({ description: 'milliseconds since the run started' }),
  endMs: Nullable(Type.Number({ description: 'null while the phase lasts' })),
});
export type RunPhase = Static<typeof RunPhaseSchema>;

export const RunMarkerSchema = Type.Object({
  t: Type.Number({ description: 'milliseconds since the run started' }),
  kind: Type.Union([Type.Literal('change'), Type.Literal('moment'), Type.Literal('fault')], {
    description: 'a live param change, a narrated moment, or a fault',
  }),
  label: Type.String(),
});
export type RunMarker = Static<typeof RunMarkerSchema>;

/** What the engine records about a run (scenarios/src/engine/run.ts RunRecord). */
export const RunRecordSchema = Type.Object({
  id: Type.String(),
  scenario: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the params as they are now, after any live change',
  }),
  paramsAtStart: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the params the run started with',
  }),
  changes: Type.Array(ParamsChangeSchema, { description: 'every live change, in order' }),
  state: RunStateSchema,
  durationSec: Type.Number(),
  tickMs: Type.Number({ description: 'how often the run folds its metrics into a frame' }),
  startedAt: Type.String(),
  endedAt: Nullable(Type.String()),
  error: Type.Optional(Type.String()),
  summary: Type.Record(Type.String(), Type.Number()),
  facts: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  checks: Type.Array(CheckOutcomeSchema),
  resources: ResourcesSchema,
  phases: Type.Array(RunPhaseSchema, { description: 'named stretches the charts shade' }),
  markers: Type.Array(RunMarkerSchema, { description: 'moments the charts draw a line at' }),
});

/** A run as the API serves it: the record plus how long it has gone and its picture. */
export const RunViewSchema = Type.Composite([
  RunRecordSchema,
  Type.Object({
    elapsedMs: Type.Number(),
    topology: TopologySchema,
    recording: Type.Optional(
      Type.Boolean({ description: 'imported from an export: a recording, not a run here' }),
    ),
    originalId: Type.Optional(Type.String({ description: "a recording's id where it ran" })),
  }),
]);
export type RunView = Static<typeof RunViewSchema>;

/** Where a run ran: what GET /api/runs/:id/export records beside the run itself. */
export const RunEnvironmentSchema = Type.Object({
  playground: Type.String({ maxLength: 64, description: "the playground's version" }),
  node: Type.String({ maxLength: 64, description: 'the Node.js version the server ran on' }),
  brokers: Type.Object(
    {
      redis: Nullable(Type.String({ maxLength: 64 })),
      rabbitmq: Nullable(Type.String({ maxLength: 64 })),
      kafka: Nullable(Type.String({ maxLength: 64 })),
    },
    { description: "each broker's version when the run started (null: not reachable)" },
  ),
});
export type RunEnvironment = Static<typeof RunEnvironmentSchema>;

/** What a recording needs of its scenario to be drawn without it (or with a newer one). */
export const RecordedScenarioSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ maxLength: 200 }),
  version: Type.String({ maxLength: 32 }),
  charts: Type.Array(ChartSpecSchema, { maxItems: 100 }),
  metrics: Type.Array(MetricSpecSchema, { maxItems: 1000 }),
});
export type RecordedScenario = Static<typeof RecordedScenarioSchema>;

export const RUN_EXPORT_FORMAT = 'playground-run';
export const RUN_EXPORT_VERSION = 1;

/**
 * A run as a self-describing file: GET /api/runs/:id/export writes it, POST /api/runs/import
 * reads it back as a recording. The run carries its params at start, every change, checks,
 * summary and anything else its record holds; frames and events are the whole run.
 */
export const RunExportSchema = Type.Object({
  format: Type.Literal(RUN_EXPORT_FORMAT),
  version: Type.Literal(RUN_EXPORT_VERSION),
  exportedAt: Type.String({ maxLength: 64 }),
  scenario: RecordedScenarioSchema,
  run: RunViewSchema,
  frames: Type.Array(FrameSchema, { maxItems: 200_000 }),
  events: Type.Array(RunEventSchema, { maxItems: 10_000 }),
  environment: RunEnvironmentSchema,
});
export type RunExport = Static<typeof RunExportSchema>;

/** One property of a scenario's params schema as the UI reads it (TypeBox emits JSON Schema). */
export interface ParamSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: ParamSchema[];
  'x-live'?: boolean;
  'x-unit'?: string;
}

export interface ParamsSchema {
  type: 'object';
  properties: Record<string, ParamSchema>;
  required?: string[];
}

// A scenario's params are themselves a JSON Schema: passed through whole, typed for the reader.
const ParamsSchemaSchema = Type.Unsafe<ParamsSchema>(
  Type.Object(
    {
      type: Type.Literal('object'),
      properties: Type.Record(Type.String(), Type.Unknown()),
      required: Type.Optional(Type.Array(Type.String())),
    },
    { additionalProperties: true, description: "the scenario's params, as JSON Schema" },
  ),
);

export const ScenarioViewSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  brokers: Type.Array(BrokerNameSchema),
  tags: Type.Array(Type.String()),
  level: LevelSchema,
  watch: Type.Optional(Type.String({ description: 'what a learner will see, in one line' })),
  minutes: Type.Optional(Type.Number({ description: 'about how long it takes, lesson included' })),
  durationSec: Type.Optional(
    Type.Integer({ description: 'the run length its lesson is written for (the default)' }),
  ),
  params: ParamsSchemaSchema,
  charts: Type.Array(ChartSpecSchema),
  metrics: Type.Array(MetricSpecSchema),
  available: Type.Boolean(),
  unavailableReason: Type.Optional(Type.String()),
  topology: TopologySchema,
  lesson: Type.Optional(Type.String({ description: 'markdown; GET /api/scenarios/:id only' })),
});
export type ScenarioView = Static<typeof ScenarioViewSchema>;

export const BrokerHealthSchema = Type.Object({
  ok: Type.Boolean(),
  version: Nullable(Type.String()),
  latencyMs: Nullable(Type.Number()),
  address: Type.String({ description: 'host:port, never credentials' }),
  error: Type.Optional(Type.String()),
  checkedAt: Nullable(Type.String()),
});
export type BrokerHealth = Static<typeof BrokerHealthSchema>;

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  runtime: Type.Object(
    { node: Type.String({ description: 'the Node.js version the server runs on, e.g. v24.21.0' }) },
    { description: 'what the server itself runs on' },
  ),
  brokers: Type.Object({
    redis: BrokerHealthSchema,
    rabbitmq: BrokerHealthSchema,
    kafka: BrokerHealthSchema,
  }),
});
export type Health = Static<typeof HealthSchema>;

export const FieldErrorSchema = Type.Object({
  field: Type.String(),
  message: Type.String(),
  bound: Type.Optional(Type.Unknown()),
  value: Type.Optional(Type.Unknown()),
});
export type FieldError = Static<typeof FieldErrorSchema>;

/** Every 4xx and 5xx: what went wrong in `message`; for bad input the field, bound and value. */
export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  bound: Type.Optional(Type.Unknown()),
  value: Type.Optional(Type.Unknown()),
  errors: Type.Optional(Type.Array(FieldErrorSchema)),
});
export type ApiErrorBody = Static<typeof ErrorSchema>;

export const StartRunBodySchema = Type.Object(
  {
    scenario: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'a scenario id from GET /api/scenarios',
    }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "the scenario's params; omitted ones take their defaults",
      }),
    ),
    durationSec: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3600,
        default: 60,
        description: 'how long the load runs',
      }),
    ),
  },
  { additionalProperties: false },
);
export type StartRunRequest = Static<typeof StartRunBodySchema>;

const VitalSchema = Type.Object({
  name: Type.String(),
  value: Type.Number(),
  rating: Nullable(Type.String()),
  page: Nullable(Type.String()),
  at: Type.String(),
});
const ReportedErrorSchema = Type.Object({
  type: Type.String(),
  message: Type.String(),
  where: Nullable(Type.String()),
  page: Nullable(Type.String()),
  browser: Nullable(Type.String()),
  at: Type.String(),
});
export const TelemetryLatestSchema = Type.Object({
  since: Type.String(),
  reports: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer()),
  vitals: Type.Array(VitalSchema),
  measurements: Type.Array(
    Type.Object({
      type: Type.String(),
      values: Type.Record(Type.String(), Type.Number()),
      at: Type.String(),
    }),
  ),
  errors: Type.Array(ReportedErrorSchema),
});
export type TelemetryLatest = Static<typeof TelemetryLatestSchema>;

/** Socket.IO events the server emits; a run's room gets frames, events and state. */
export interface ServerToClient {
  'run:frame': (frame: { runId: string } & Frame) => void;
  'run:history': (history: {
    runId: string;
    frames: Frame[];
    events: RunEvent[];
    run: RunView;
  }) => void;
  'run:event': (event: { runId: string } & RunEvent) => void;
  'run:state': (state: RunView) => void;
  'runs:changed': (change: { runId: string; scenario: string; state: RunState }) => void;
  'health:changed': (change: { broker: string; health: BrokerHealth }) => void;
  /** To the `workshop` room: where the presenter is now. */
  'workshop:position': (position: WorkshopPosition) => void;
  /** To everyone: a workshop started, ended or changed its plan or limits. */
  'workshop:state': (state: WorkshopState) => void;
}

export type JoinAck = (answer: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServer {
  'run:join': (request: { runId: string }, ack?: JoinAck) => void;
  'run:leave': (request: { runId: string }, ack?: JoinAck) => void;
  'workshop:join': (request: Record<string, never>, ack?: (state: WorkshopState) => void) => void;
  'workshop:leave': (request: Record<string, never>, ack?: WorkshopAck) => void;
  /** The presenter's position; `token` is the trainer token when the server has one. */
  'workshop:position': (
    request: { token?: string; position: WorkshopPosition },
    ack?: WorkshopAck,
  ) => void;
}

// The SDK's own interfaces and these schemas must describe the same data: a field added to one
// and not the other fails the type check here.
// Mutually assignable and with the same keys: an optional field on one side only is caught too.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Holds<T extends true> = T;
export type SpecAgreement = [
  Holds<Same<Static<typeof MetricSpecSchema>, MetricSpec>>,
  Holds<Same<Static<typeof ChartSpecSchema>, ChartSpec>>,
  Holds<Same<Static<typeof TopologyNodeSchema>, TopologyNode>>,
  Holds<Same<Static<typeof TopologyEdgeSchema>, TopologyEdge>>,
  Holds<Same<Static<typeof TopologySchema>, Topology>>,
  Holds<Same<Static<typeof ResourcesSchema>, RunResources>>,
];
