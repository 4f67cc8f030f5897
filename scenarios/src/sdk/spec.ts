// The plain-data half of the contract: what the API serves about a scenario and a run. It imports
// nothing, so the UI shares these types without pulling in broker clients.

export type BrokerName = 'redis' | 'rabbitmq' | 'kafka';
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * One recorded key. `key` may hold one `{i}` (numbered from 1) or `{n}` (numbered from 0)
 * placeholder for keys that exist once per subscriber or partition, e.g. `lag.p{n}`.
 * Counters appear in frames as the total and as `<key>.rate` per second; histograms as
 * `<key>.p50`, `.p90`, `.p99`, `.max` in milliseconds.
 */
export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  /** The chart (an id from `charts`) this key is drawn in. */
  chart: string;
  description?: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  description?: string;
  /** How the UI draws counters in this chart: their per-second rate or their running total. */
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
  | 'limiter'
  | 'broker';

export interface TopologyNode {
  id: string;
  kind: TopologyNodeKind;
  label: string;
  /** A metric key whose live value is written on the node (e.g. a queue's depth). */
  metric?: string;
  /** The node sits inside this one (partitions inside a topic, members inside a group). */
  parent?: string;
  /** The run's fault node this box stands for: the UI offers kill, pause… on it. */
  faultNode?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  /** A rate key (`<counter>.rate`) that animates the edge and is written beside it. */
  metric?: string;
  label?: string;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface RunResources {
  redisKeyPrefix: string;
  queues: string[];
  exchanges: string[];
  topics: string[];
  groups: string[];
}

/** What a marker on the charts stands for: a live param change, a narrated moment, a fault. */
export type MarkerKind = 'change' | 'moment' | 'fault';

/** A moment worth a vertical line on every chart, `t` ms into the run. */
export interface RunMarker {
  t: number;
  kind: MarkerKind;
  label: string;
}

/**
 * A named stretch of the run ('warm-up', 'load', 'drain' or the scenario's own), shaded on the
 * charts. `endMs` is null while the phase lasts.
 */
export interface RunPhase {
  name: string;
  startMs: number;
  endMs: number | null;
}

export type { Toxic, ToxicStream, ToxicType } from '../../../infrastructure/faults/toxics.ts';
import type { Toxic } from '../../../infrastructure/faults/toxics.ts';

/** What can be done to a node the playground started (never to one it did not). */
export type NodeAction = 'kill' | 'pause' | 'resume' | 'stop' | 'restart';
export const NODE_ACTIONS: readonly NodeAction[] = ['kill', 'pause', 'resume', 'stop', 'restart'];

export type FaultNodeState = 'running' | 'paused' | 'stopped' | 'killed';

/** Which actions make sense from which state (pausing a killed node does not); restart from any. */
export const NODE_ACTION_STATES: Record<NodeAction, readonly FaultNodeState[]> = {
  kill: ['running', 'paused'],
  stop: ['running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  restart: ['running', 'paused', 'stopped', 'killed'],
};

/** A fault proxy of the run's own between its clients and one broker node. */
export interface FaultLinkView {
  name: string;
  /** Where the run's clients connect (the proxy). */
  listen: string;
  /** The broker node behind it. */
  upstream: string;
  /** false: down (no listener, every connection closed). */
  enabled: boolean;
  toxics: Toxic[];
}

export interface FaultNodeView {
  name: string;
  state: FaultNodeState;
  pid: number;
}

/** The run's links and nodes, as the fault panel shows them. */
export interface FaultsView {
  links: FaultLinkView[];
  nodes: FaultNodeView[];
}
