// The metrics pipeline's cost measured on its own: the per-batch work the driver does when it
// records (two clock reads, one HDR histogram record, one counter increment) plus the frame
// ticker's fold every 250 ms. End-to-end CPU per operation on a shared 2-core machine swings by
// far more than 5% between back-to-back runs, so this isolated figure, set against the driver's
// measured CPU per batch, is the one that can resolve a few percent.
import { Counter, Histogram } from '@playground/scenarios/sdk';

const TICK_MS = 250;

/** CPU microseconds the recorders add per batch. */
export function recorderCpuUsPerBatch(pipeline: number, batches = 2_000_000): number {
  const ops = new Counter();
  const latency = new Histogram();
  // Round trips spread over the range a loaded Redis shows (0.1–10 ms), so the record touches
  // different buckets as it would in a run.
  const spread = Float64Array.from({ length: 1024 }, (_, i) => 0.1 * Math.pow(100, i / 1023));
  let nextFold = performance.now() + TICK_MS;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < batches; i++) {
    const start = performance.now();
    latency.record(performance.now() - start + (spread[i & 1023] ?? 0));
    ops.inc(pipeline);
    if (start >= nextFold) {
      latency.fold();
      nextFold = start + TICK_MS;
    }
  }
  latency.fold();
  const cpu = process.cpuUsage(cpu0);
  if (ops.total !== batches * pipeline) throw new Error('recorder loop miscounted');
  return (cpu.user + cpu.system) / batches;
}
