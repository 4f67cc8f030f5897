// The sentences of the event log, with the arithmetic behind the charts.
import { fmt } from '../src/sdk/narration.ts';
import type { WorkQueueParams } from './params.ts';

const perSec = (ms: number): string => fmt(Math.round((1000 / ms) * 10) / 10);

export function capacityStory(p: Readonly<WorkQueueParams>): string {
  const fast = p.workers - 1;
  const total = 1000 / p.slowWorkMs + (fast * 1000) / p.workMs;
  const fastWho = fast === 1 ? 'worker 2 takes' : `workers 2–${p.workers} take`;
  return `worker 1 takes ${p.slowWorkMs} ms a job (${perSec(p.slowWorkMs)}/s), ${fastWho} ${p.workMs} ms (${perSec(p.workMs)}/s each): ${fmt(Math.round(total))} jobs/s in all`;
}

export function prefetchStory(prefetch: number, workers: number): string {
  return prefetch === 1
    ? 'prefetch 1: RabbitMQ hands a worker its next job only once it has acked the last, so each takes work at its own pace'
    : `prefetch ${prefetch}: RabbitMQ deals jobs round-robin to the ${workers} workers, up to ${prefetch} unacked each, whatever their speed`;
}

export function batchStory(
  done: { index: number; jobs: number; ms: number },
  byWorker: readonly number[],
): string {
  const shares = byWorker.map((n, k) => `worker ${k + 1} ${n}`).join(', ');
  return `batch ${done.index + 1} (${done.jobs} jobs) done in ${fmt(Math.round(done.ms))} ms; jobs processed so far: ${shares}`;
}

export function holdingStory(held: number, slowWorkMs: number, othersHeld: number): string {
  const work = (held * slowWorkMs) / 1000;
  return `worker 1 holds ${held} unacked jobs: ${held} × ${slowWorkMs} ms = ${fmt(Math.round(work * 10) / 10)} s of work queued behind it, while the others hold ${othersHeld}`;
}
