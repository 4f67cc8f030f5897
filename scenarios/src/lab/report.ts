// What a comparison produces: per target, throughput, latency percentiles, backlog, the broker's
// CPU and memory, errors and (where measured) order, losses and duplicates; plus what the target
// could not express. The server stores these, the UI draws them, the CLI prints them.
import type { LatencySummary } from './latency.ts';
import type { TargetId, TargetPlan } from './target.ts';
import type { Workload } from './workload.ts';

export type LabPhase =
  'setup' | 'warmup' | 'measure' | 'produce' | 'consume' | 'drain' | 'teardown';

/** One second of one target's run, for the live charts. */
export interface LabSample {
  target: TargetId;
  /** Milliseconds since this target's run began. */
  t: number;
  phase: LabPhase;
  publishPerSec: number;
  consumePerSec: number;
  /** Acknowledged but not yet consumed (per subscription, the largest). */
  backlog: number;
  publishP99Ms: number | null;
  endToEndP99Ms: number | null;
  /** Over the broker's processes this run can see (null where it cannot read them). */
  brokerCpuPercent: number | null;
  brokerRssMb: number | null;
}

export interface LatencyReport extends LatencySummary {
  /** Percentile → ms, for the HDR-style plot. */
  distribution: { percentile: number; ms: number }[];
}

export interface ProcessUse {
  /** What it is ("kafka (java)", "rabbitmq (beam.smp)", "redis-server"). */
  name: string;
  pid: number;
  cpuPercentAvg: number;
  cpuPercentMax: number;
  rssMbMax: number;
}

export interface TargetResult {
  target: TargetId;
  title: string;
  plan: TargetPlan;
  status: 'completed' | 'failed' | 'unsupported' | 'stopped';
  error?: string;
  /** Measured phase only (warm-up excluded). */
  measuredSec: number;
  publish: { messages: number; perSec: number; mbPerSec: number; errors: number };
  consume: { messages: number; perSec: number; mbPerSec: number };
  publishLatency: LatencyReport | null;
  endToEndLatency: LatencyReport | null;
  backlogMax: number;
  /** Backlog mode: from the consumers' start to the last message. */
  drainMs: number | null;
  resources: ProcessUse[];
  /** null: the workload did not ask for it, or the target cannot tell (said in the plan). */
  orderingViolations: number | null;
  losses: number | null;
  duplicates: number | null;
  samples: LabSample[];
}

export interface ComparisonResult {
  id: string;
  workload: Workload;
  startedAt: string;
  endedAt: string | null;
  state: 'running' | 'completed' | 'failed' | 'stopped';
  /** Where it ran: the numbers mean little without it. */
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  targets: TargetResult[];
}

/** Progress for a person watching: which target, which phase, how far. */
export interface LabProgress {
  comparison: string;
  target: TargetId;
  /** 1-based position among the run's targets. */
  index: number;
  of: number;
  phase: LabPhase;
  /** Seconds into the phase, and its planned length (null when it ends on a condition). */
  elapsedSec: number;
  totalSec: number | null;
  message: string;
}
