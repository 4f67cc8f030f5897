// The API as the UI sees it: these mirror the server's JSON, and nothing else is known about
// scenarios (the UI knows them only through the API).

// The scenario and run shapes the SDK defines are shared with it rather than copied.
import type {
  BrokerName,
  ChartSpec,
  Level,
  MetricSpec,
  RunResources,
  Topology,
} from '../../../scenarios/src/sdk/spec.ts';

export type {
  BrokerName,
  ChartSpec,
  Level,
  MetricKind,
  MetricSpec,
  RunResources,
  Topology,
  TopologyEdge,
  TopologyNode,
  TopologyNodeKind,
} from '../../../scenarios/src/sdk/spec.ts';

export const BROKERS: readonly BrokerName[] = ['redis', 'rabbitmq', 'kafka'];

/** One property of a scenario's params schema (TypeBox emits plain JSON Schema). */
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

export interface ScenarioView {
  id: string;
  title: string;
  summary: string;
  brokers: BrokerName[];
  tags: string[];
  level: Level;
  params: ParamsSchema;
  charts: ChartSpec[];
  metrics: MetricSpec[];
  available: boolean;
  unavailableReason?: string;
  topology: Topology;
  lesson?: string;
}

export type RunState = 'running' | 'completed' | 'stopped' | 'failed';

export interface CheckOutcome {
  id: string;
  description: string;
  passed: boolean;
  detail: string;
}

export interface RunView {
  id: string;
  scenario: string;
  params: Record<string, unknown>;
  state: RunState;
  durationSec: number;
  elapsedMs: number;
  startedAt: string;
  endedAt: string | null;
  error?: string;
  summary: Record<string, number>;
  facts: Record<string, number | string | boolean>;
  checks: CheckOutcome[];
  resources: RunResources;
  topology: Topology;
}

export interface Frame {
  /** Milliseconds since the run started. */
  t: number;
  values: Record<string, number>;
}

export interface RunEvent {
  t: number;
  message: string;
  level: 'info' | 'warn';
}

export interface BrokerHealth {
  ok: boolean;
  version: string | null;
  latencyMs: number | null;
  address: string;
  error?: string;
  checkedAt: string | null;
}

export interface Health {
  status: 'ok' | 'degraded';
  runtime: { node: string };
  brokers: Record<BrokerName, BrokerHealth>;
}

export interface FieldError {
  field: string;
  message: string;
  bound?: unknown;
  value?: unknown;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  errors?: FieldError[];
}

export interface TelemetryLatest {
  since: string;
  reports: number;
  counts: Record<string, number>;
  vitals: { name: string; value: number; rating: string | null; page: string | null; at: string }[];
  measurements: { type: string; values: Record<string, number>; at: string }[];
  errors: {
    type: string;
    message: string;
    where: string | null;
    page: string | null;
    browser: string | null;
    at: string;
  }[];
}

export interface StartRunRequest {
  scenario: string;
  params: Record<string, unknown>;
  durationSec: number;
}

/** Socket.IO events, as the server's realtime plugin declares them. */
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
}

type Ack = (answer: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServer {
  'run:join': (request: { runId: string }, ack?: Ack) => void;
  'run:leave': (request: { runId: string }, ack?: Ack) => void;
}
