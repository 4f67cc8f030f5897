// The API as the UI sees it: these mirror the server's JSON, and nothing else is known about
// scenarios (the UI knows them only through the API).

export type BrokerName = 'redis' | 'rabbitmq' | 'kafka';
export const BROKERS: readonly BrokerName[] = ['redis', 'rabbitmq', 'kafka'];
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type MetricKind = 'counter' | 'gauge' | 'histogram';

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

export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  chart: string;
  description?: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  description?: string;
  show?: 'rate' | 'total';
}

export type TopologyNodeKind =
  | 'client'
  | 'producer'
  | 'consumer'
  | 'exchange'
  | 'queue'
  | 'topic'
  | 'partition'
  | 'group'
  | 'cache'
  | 'origin'
  | 'limiter';

export interface TopologyNode {
  id: string;
  kind: TopologyNodeKind;
  label: string;
  metric?: string;
  parent?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  metric?: string;
  label?: string;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
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

export interface RunResources {
  redisKeyPrefix: string;
  queues: string[];
  exchanges: string[];
  topics: string[];
  groups: string[];
}

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
