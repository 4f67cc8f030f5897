// The API as the UI sees it. Its shapes are defined once, as the server's TypeBox schemas in the
// SDK, and only their types are imported here (nothing of TypeBox reaches the bundle); what
// follows them is the UI's own.
import type { BrokerName } from '../../../scenarios/src/sdk/spec.ts';
import type { RunView as ApiRunView } from '../../../scenarios/src/sdk/api-schemas.ts';

export type {
  ApiErrorBody,
  BrokerHealth,
  CheckOutcome,
  ClientToServer,
  FieldError,
  Frame,
  Health,
  ParamSchema,
  ParamsSchema,
  RecordedScenario,
  RunEnvironment,
  RunEvent,
  RunExport,
  RunState,
  RunView,
  ScenarioView,
  ServerToClient,
  StartRunRequest,
  TelemetryLatest,
} from '../../../scenarios/src/sdk/api-schemas.ts';

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

/** One live change of a run: the fields it set and when. */
export type ParamsChange = ApiRunView['changes'][number];

export const BROKERS: readonly BrokerName[] = ['redis', 'rabbitmq', 'kafka'];

export type { RunMarker, RunPhase } from '../../../scenarios/src/sdk/api-schemas.ts';

export type { AddToxicBody } from '../../../scenarios/src/sdk/fault-schemas.ts';
export type {
  FaultLinkView,
  FaultNodeState,
  FaultNodeView,
  FaultsView,
  NodeAction,
  Toxic,
  ToxicStream,
  ToxicType,
} from '../../../scenarios/src/sdk/spec.ts';
