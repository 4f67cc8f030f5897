// Stream replies as ioredis returns them (nested arrays), read into entries.
import type { SentEvent } from './event.ts';
import { decodeFields } from './event.ts';

export interface Entry {
  id: string;
  event: SentEvent;
}

function toEntries(raw: unknown): Entry[] {
  if (!Array.isArray(raw)) return [];
  const entries: Entry[] = [];
  for (const item of raw) {
    // Redis 6.2's XAUTOCLAIM lists an entry deleted from the stream as nil.
    if (!Array.isArray(item)) continue;
    const [id, fields] = item as [unknown, unknown];
    const event = Array.isArray(fields) ? decodeFields(fields.map(String)) : undefined;
    if (typeof id !== 'string' || event === undefined)
      throw new Error(`not an entry of this run: ${JSON.stringify(item)}`);
    entries.push({ id, event });
  }
  return entries;
}

/** XREADGROUP … STREAMS <one key>: `[[key, [[id, fields], …]]]`, or null after BLOCK. */
export function readGroupEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply)) return [];
  const [stream] = reply as unknown[];
  return Array.isArray(stream) ? toEntries(stream[1]) : [];
}

/** XAUTOCLAIM: `[nextStart, [[id, fields], …], [deletedIds]]` (the last from Redis 7). */
export function autoclaimReply(reply: unknown): { next: string; entries: Entry[] } {
  const [next, raw] = Array.isArray(reply) ? (reply as unknown[]) : [];
  return { next: typeof next === 'string' ? next : '0-0', entries: toEntries(raw) };
}
