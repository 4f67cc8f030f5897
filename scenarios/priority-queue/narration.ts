// The sentences of the event log, with the arithmetic behind the charts.
import { fmt } from '../src/sdk/narration.ts';
import type { PriorityQueueParams } from './params.ts';
import { mixWeights } from './params.ts';

export function loadStory(p: Readonly<PriorityQueueParams>): string {
  const capacity = 1000 / p.workMs;
  const shares = mixWeights(p.levels, p.mix)
    .map((w, level) => `p${level} ${fmt(Math.round(w * p.messagesPerSec))}`)
    .reverse()
    .join(', ');
  const head = `${p.messagesPerSec} msg/s published (${shares}) against a consumer taking ${fmt(Math.round(capacity))}/s`;
  if (p.messagesPerSec <= capacity) return `${head}: it keeps up, so no backlog forms`;
  return `${head}: the backlog grows by ${fmt(Math.round(p.messagesPerSec - capacity))} msg/s`;
}

/** The live wait of each priority (an average of the last messages), highest first. */
export function waitsStory(depth: number, waits: readonly number[], priority: boolean): string {
  const list = waits
    .map((w, level) => `p${level} ${fmt(Math.round(w))} ms`)
    .reverse()
    .join(', ');
  const why = priority
    ? 'RabbitMQ hands out the highest priority ready first, so the low ones wait behind everything'
    : 'a plain queue is first in, first out: every priority waits alike';
  return `${fmt(depth)} messages ready; recent waits ${list}: ${why}`;
}
