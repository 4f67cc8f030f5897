// The comparison lab's API and socket shapes (playground-server/src/routes/lab.ts); the UI types
// itself from them. The result's shapes mirror scenarios/src/lab/report.ts, and the type check at
// the end fails when the two drift apart.
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { WorkloadSchema } from '../lab/workload.ts';
import type { Workload } from '../lab/workload.ts';
import { TARGET_IDS } from '../lab/target.ts';
import type { TargetId, TargetPlan } from '../lab/target.ts';
import type {
  ComparisonResult,
  LabPhase,
  LabProgress,
  LabSample,
  LatencyReport,
  ProcessUse,
  TargetResult,
} from '../lab/report.ts';

export { WorkloadSchema };
export type { Workload };

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const TargetIdSchema = Type.Union(TARGET_IDS.map((id) => Type.Literal(id)));

export const LabPhaseSchema = Type.Union(
  (['setup', 'warmup', 'measure', 'produce', 'consume', 'drain', 'teardown'] as const).map((p) =>
    Type.Literal(p),
  ),
);

export const TargetPlanSchema = Type.Object({
  mapping: Type.Array(Type.String()),
  cannot: Type.Array(Type.String()),
  unsupported: Type.Optional(Type.String()),
});

/** One target as GET /targets lists it; `plan` only when a workload was named. */
export const TargetInfoSchema = Type.Object({
  id: TargetIdSchema,
  title: Type.String(),
  /** False when this server has no implementation of the target (yet). */
  available: Type.Boolean(),
  plan: Type.Optional(TargetPlanSchema),
});
export type TargetInfo = Static<typeof TargetInfoSchema>;

export const TargetsQuerySchema = Type.Object({
  workload: Type.Optional(
    Type.String({ maxLength: 64, description: 'a shipped workload: each target says its plan' }),
  ),
});

export const LabSampleSchema = Type.Object({
  target: TargetIdSchema,
  t: Type.Number(),
  phase: LabPhaseSchema,
  publishPerSec: Type.Number(),
  consumePerSec: Type.Number(),
  backlog: Type.Number(),
  publishP99Ms: Nullable(Type.Number()),
  endToEndP99Ms: Nullable(Type.Number()),
  brokerCpuPercent: Nullable(Type.Number()),
  brokerRssMb: Nullable(Type.Number()),
});

const LatencyReportSchema = Type.Object({
  count: Type.Number(),
  p50: Type.Number(),
  p90: Type.Number(),
  p99: Type.Number(),
  p999: Type.Number(),
  max: Type.Number(),
  mean: Type.Number(),
  distribution: Type.Array(Type.Object({ percentile: Type.Number(), ms: Type.Number() })),
});

const ProcessUseSchema = Type.Object({
  name: Type.String(),
  pid: Type.Integer(),
  cpuPercentAvg: Type.Number(),
  cpuPercentMax: Type.Number(),
  rssMbMax: Type.Number(),
});

export const TargetResultSchema = Type.Object({
  target: TargetIdSchema,
  title: Type.String(),
  plan: TargetPlanSchema,
  status: Type.Union(
    (['completed', 'failed', 'unsupported', 'stopped'] as const).map((s) => Type.Literal(s)),
  ),
  error: Type.Optional(Type.String()),
  measuredSec: Type.Number(),
  publish: Type.Object({
    messages: Type.Number(),
    perSec: Type.Number(),
    mbPerSec: Type.Number(),
    errors: Type.Number(),
  }),
  consume: Type.Object({ messages: Type.Number(), perSec: Type.Number(), mbPerSec: Type.Number() }),
  publishLatency: Nullable(LatencyReportSchema),
  endToEndLatency: Nullable(LatencyReportSchema),
  backlogMax: Type.Number(),
  drainMs: Nullable(Type.Number()),
  resources: Type.Array(ProcessUseSchema),
  orderingViolations: Nullable(Type.Number()),
  losses: Nullable(Type.Number()),
  duplicates: Nullable(Type.Number()),
  samples: Type.Array(LabSampleSchema),
});

export const ComparisonStateSchema = Type.Union(
  (['running', 'completed', 'failed', 'stopped'] as const).map((s) => Type.Literal(s)),
);

export const ComparisonResultSchema = Type.Object({
  id: Type.String(),
  workload: WorkloadSchema,
  startedAt: Type.String(),
  endedAt: Nullable(Type.String()),
  state: ComparisonStateSchema,
  machine: Type.Object({
    cpus: Type.Number(),
    cpuModel: Type.String(),
    memoryGb: Type.Number(),
    node: Type.String(),
  }),
  targets: Type.Array(TargetResultSchema),
});

export const LabProgressSchema = Type.Object({
  comparison: Type.String(),
  target: TargetIdSchema,
  index: Type.Integer(),
  of: Type.Integer(),
  phase: LabPhaseSchema,
  elapsedSec: Type.Number(),
  totalSec: Nullable(Type.Number()),
  message: Type.String(),
});

/** One target's headline numbers, for the saved list and its deltas (lab/store.ts summarize). */
export const TargetSummarySchema = Type.Object({
  target: TargetIdSchema,
  status: TargetResultSchema.properties.status,
  publishPerSec: Type.Number(),
  consumePerSec: Type.Number(),
  publishP99Ms: Nullable(Type.Number()),
  endToEndP99Ms: Nullable(Type.Number()),
});
export type TargetSummary = Static<typeof TargetSummarySchema>;

export const ComparisonSummarySchema = Type.Object({
  id: Type.String(),
  workload: Type.String(),
  startedAt: Type.String(),
  endedAt: Nullable(Type.String()),
  state: ComparisonStateSchema,
  targets: Type.Array(TargetSummarySchema),
});
export type ComparisonSummary = Static<typeof ComparisonSummarySchema>;

export const StartComparisonBodySchema = Type.Object(
  {
    workload: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'a shipped workload, from GET /api/lab/workloads',
      }),
    ),
    workloadText: Type.Optional(
      Type.String({ maxLength: 20_000, description: 'a workload file of your own, YAML or JSON' }),
    ),
    targets: Type.Array(TargetIdSchema, { minItems: 1, maxItems: TARGET_IDS.length }),
    durationSec: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 600,
        description: "overrides the workload's testDurationSeconds",
      }),
    ),
  },
  { additionalProperties: false },
);
export type StartComparisonBody = Static<typeof StartComparisonBodySchema>;

/** A comparison waiting or running; position 0 is the one running. */
export const QueuedComparisonSchema = Type.Object({
  id: Type.String(),
  workload: Type.String(),
  targets: Type.Array(TargetIdSchema),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running')]),
  position: Type.Integer({ minimum: 0 }),
});
export type QueuedComparison = Static<typeof QueuedComparisonSchema>;

/** What the lab is doing now: the queue, and the running comparison's progress and samples. */
export const LabQueueSchema = Type.Object({
  queue: Type.Array(QueuedComparisonSchema),
  progress: Nullable(LabProgressSchema),
  /** The current target's samples so far, so a page opened mid-run draws them at once. */
  samples: Type.Array(LabSampleSchema),
});
export type LabQueue = Static<typeof LabQueueSchema>;

export const ComparisonIdParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]{4,40}$', description: 'a comparison id' }),
});

export const LabExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});

/** The Compare page's socket events, to the sockets that sent `lab:join`. */
export interface LabServerToClient {
  'lab:queue': (queue: LabQueue) => void;
  'lab:progress': (progress: LabProgress) => void;
  'lab:sample': (sample: { comparison: string } & LabSample) => void;
  'lab:done': (done: { comparison: string; summary: ComparisonSummary }) => void;
}

export interface LabClientToServer {
  'lab:join': (request: Record<string, never>, ack?: (queue: LabQueue) => void) => void;
  'lab:leave': (request: Record<string, never>) => void;
}

export type {
  ComparisonResult,
  LabPhase,
  LabProgress,
  LabSample,
  LatencyReport,
  ProcessUse,
  TargetId,
  TargetPlan,
  TargetResult,
};

// report.ts and these schemas must describe the same data (see api-schemas.ts for the idea).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Holds<T extends true> = T;
export type LabAgreement = [
  Holds<Same<Static<typeof ComparisonResultSchema>, ComparisonResult>>,
  Holds<Same<Static<typeof TargetResultSchema>, TargetResult>>,
  Holds<Same<Static<typeof LabSampleSchema>, LabSample>>,
  Holds<Same<Static<typeof LabProgressSchema>, LabProgress>>,
  Holds<Same<Static<typeof LatencyReportSchema>, LatencyReport>>,
  Holds<Same<Static<typeof ProcessUseSchema>, ProcessUse>>,
  Holds<Same<Static<typeof TargetPlanSchema>, TargetPlan>>,
  Holds<Mutual<Static<typeof LabPhaseSchema>, LabPhase>>,
];
