// One case's lab side: the equivalent workload on the lab's target through runComparison, in
// worker threads as any comparison runs, with the load generator's own CPU (this process, all
// its threads) read from /proc during the measured phase. For a tool that only publishes, the
// target runs with its consumers left out (producer-only/), so both sides load the broker alike.
import type { BrokerAddresses } from '../../engine/addresses.ts';
import type { RunJournal } from '../../engine/journal.ts';
import { ProcSampler } from '../proc-sampler.ts';
import type { ProcessUse, TargetResult } from '../report.ts';
import { runComparison } from '../runner.ts';
import type { Target } from '../target.ts';
import { labWorkload } from './cases.ts';
import type { BenchCase } from './cases.ts';

export interface LabMeasurement {
  target: string;
  producers: number;
  /** Acknowledged per second over the measured phase. */
  perSec: number;
  /** Delivered per second (null: producers only). */
  consumedPerSec: number | null;
  seconds: number;
  /** The load generator (this process), then the broker, over the measured phase. */
  cpu: ProcessUse[];
  latency: string;
  status: TargetResult['status'];
  error?: string;
}

export interface LabSideOptions {
  benchId: string;
  addresses: BrokerAddresses;
  seconds: number;
  journal?: RunJournal;
  signal?: AbortSignal;
  /** Worker threads (default: the runner's, min(4, cores)); 0: this thread, for a profile. */
  threads?: number;
  progress: (line: string) => void;
}

export function producerOnlyModule(c: BenchCase): string {
  return new URL(`./producer-only/${c.target}.ts`, import.meta.url).href;
}

export async function runLabSide(
  c: BenchCase,
  producers: number,
  o: LabSideOptions,
): Promise<LabMeasurement> {
  const workload = labWorkload(c, producers, o.seconds);
  // In this thread (threads 0, to profile with --cpu-prof) a replacement target is an object;
  // in workers, a module each thread imports.
  const replacement = c.producerOnly
    ? o.threads === 0
      ? ((await import(producerOnlyModule(c))) as { default: Target }).default
      : producerOnlyModule(c)
    : undefined;
  const self = new ProcSampler([{ name: 'lab load generator (node)', pid: process.pid }]);
  const sampling = setInterval(() => self.sample(), 1000);
  let phase = '';
  try {
    const result = await runComparison({
      workload,
      targets: [c.target],
      addresses: o.addresses,
      id: `${o.benchId}-${c.id}-p${producers}`,
      ...(o.journal === undefined ? {} : { journal: o.journal }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.threads === undefined ? {} : { threads: o.threads }),
      ...(replacement === undefined ? {} : { override: { [c.target]: replacement }, drainMs: 0 }),
      onProgress: (p) => {
        self.counting = p.phase === 'measure';
        if (p.phase !== phase) o.progress(`  lab ${c.target} ×${producers} ${p.phase}…`);
        phase = p.phase;
      },
    });
    const t = result.targets[0];
    if (t === undefined) throw new Error(`runComparison returned no result for ${c.target}`);
    const pub = t.publishLatency;
    return {
      target: t.title,
      producers,
      perSec: t.publish.perSec,
      consumedPerSec: c.producerOnly ? null : t.consume.perSec,
      seconds: t.measuredSec,
      cpu: [...self.use(), ...t.resources],
      latency:
        pub === null
          ? '–'
          : `p50 ${pub.p50.toFixed(1)} ms, p99 ${pub.p99.toFixed(1)} ms (intended send to ack)`,
      status: t.status,
      ...(t.error === undefined ? {} : { error: t.error }),
    };
  } finally {
    clearInterval(sampling);
  }
}
