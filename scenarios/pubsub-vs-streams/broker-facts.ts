// Redis's own view of the run, for the pending chart while it goes and the checks at the end.
import type { Redis } from 'ioredis';

export interface PendingSummary {
  /** Entries delivered to the group and not acknowledged (XPENDING's count). */
  count: number;
  /** Each consumer with entries pending, and how many. */
  byConsumer: Map<string, number>;
}

/** XPENDING <stream> <group>: `[count, smallestId, largestId, [[consumer, count], …] | null]`. */
export async function readPending(
  redis: Redis,
  stream: string,
  group: string,
): Promise<PendingSummary> {
  const [count, , , consumers] = (await redis.xpending(stream, group)) as [
    number,
    unknown,
    unknown,
    [string, string][] | null,
  ];
  return {
    count: Number(count),
    byConsumer: new Map((consumers ?? []).map(([name, n]) => [name, Number(n)])),
  };
}

/** PUBSUB NUMSUB <channel>: how many clients are subscribed to it now. */
export async function readSubscribers(redis: Redis, channel: string): Promise<number> {
  const reply = (await redis.pubsub('NUMSUB', channel)) as unknown[];
  return Number(reply[1] ?? 0);
}

export interface StreamInfo {
  length: number;
  /** Every entry ever added, trimmed ones included (Redis 7; XLEN on older servers). */
  entriesAdded: number;
}

/** XINFO STREAM, a flat list of names and values. */
export async function readStreamInfo(redis: Redis, stream: string): Promise<StreamInfo> {
  const flat = (await redis.xinfo('STREAM', stream)) as unknown[];
  const info = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1]);
  const length = Number(info.get('length'));
  const added = info.get('entries-added');
  return { length, entriesAdded: added === undefined ? length : Number(added) };
}
