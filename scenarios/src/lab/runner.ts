// Runs one workload on several targets, one target at a time (never two loads at once on this
// machine). Per target: plan (unsupported: reported, no load), setup, the load generators in
// worker threads, warm-up (read and dropped), measure, a bounded drain, teardown (always). In the
// backlog mode the producers run alone for the test's duration, then the consumers are started
// and the drain is timed. A target that fails is reported with why, and the next one runs.
import { availableParallelism, cpus, totalmem } from 'node:os';
import type { BrokerAddresses } from '../engine/addresses.ts';
import type { RunJournal } from '../engine/journal.ts';
import { newRunId } from '../engine/run.ts';
import { guardComparison } from './lease.ts';
import { labResources, labRunId } from './names.ts';
import type { ComparisonResult, LabProgress, LabSample } from './report.ts';
import type { Target, TargetId } from './target.ts';
import { TargetRun, emptyResult, message } from './target-run.ts';
import { loadTarget } from './targets/index.ts';
import type { Workload } from './workload.ts';

export interface RunComparisonOptions {
  workload: Workload;
  targets: TargetId[];
  addresses: BrokerAddresses;
  signal?: AbortSignal;
  onProgress?: (progress: LabProgress) => void;
  onSample?: (sample: LabSample) => void;
  /** Worker threads for the load; default min(4, cores). 0: in this thread (tests). */
  threads?: number;
  /** Default a new id; a caller that must know it first (to stop the run) gives its own. */
  id?: string;
  /** Records what a crash would leave, for the server's start-up sweep. */
  journal?: RunJournal;
  /** Replaces a target: a module URL (any thread count), or a Target object (threads 0 only). */
  override?: Partial<Record<TargetId, string | Target>>;
  /** Longest wait for the consumers to catch up after the measured phase (default 5 s). */
  drainMs?: number;
}

function machine(): ComparisonResult['machine'] {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

export async function runComparison(options: RunComparisonOptions): Promise<ComparisonResult> {
  const { workload, addresses } = options;
  const id = options.id ?? newRunId();
  const result: ComparisonResult = {
    id,
    workload,
    startedAt: new Date().toISOString(),
    endedAt: null,
    state: 'running',
    machine: machine(),
    targets: [],
  };
  // A target whose module will not load fails alone, like one whose broker is down.
  const targets: (Target | { id: TargetId; title: string; error: string })[] = [];
  for (const targetId of options.targets) {
    const override = options.override?.[targetId];
    try {
      targets.push(typeof override === 'object' ? override : await loadTarget(targetId, override));
    } catch (error) {
      targets.push({ id: targetId, title: targetId, error: message(error) });
    }
  }
  const loaded = targets.filter((t): t is Target => !('error' in t));
  const guard = await guardComparison(
    labRunId(id),
    labResources(id, loaded, workload),
    addresses,
    options.journal,
    `comparison ${workload.name}`,
  );
  let cleanedUp = true;
  try {
    for (const [i, target] of targets.entries()) {
      if ('error' in target) {
        result.targets.push({
          ...emptyResult(target, { mapping: [], cannot: [] }),
          status: 'failed',
          error: target.error,
        });
        continue;
      }
      if (options.signal?.aborted) {
        result.targets.push({
          ...emptyResult(target, { mapping: [], cannot: [] }),
          status: 'stopped',
          error: 'not run: the comparison was stopped',
        });
        continue;
      }
      const run = new TargetRun(options, id, target, i + 1, targets.length);
      const targetResult = await run.run();
      if (!run.tornDown) cleanedUp = false;
      result.targets.push(targetResult);
    }
  } finally {
    await guard.release(cleanedUp);
  }
  result.endedAt = new Date().toISOString();
  result.state = options.signal?.aborted ? 'stopped' : 'completed';
  return result;
}
