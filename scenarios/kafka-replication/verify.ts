// The end: once the log ends stop moving (the followers have fetched what the leader last took),
// a fresh consumer reads each topic from its first offset to its end, and every id its producer
// had acknowledged is looked for.
import type { Admin, Kafka } from 'kafkajs';
import { decodePayload, readLogEnds, readTopic } from '../src/sdk/kafka/index.ts';
import { waitFor } from '../src/sdk/poll.ts';

export interface Loss {
  acked: number;
  ackedBeforeKill: number;
  found: number;
  lost: number;
  /** Lost ids acknowledged before the kill. */
  lostBeforeKill: number;
  /** From the first lost id's acknowledgement to the kill (0 when none was lost). */
  lostSpanMs: number;
  duplicates: number;
  complete: boolean;
}

/**
 * Each partition's log end once it has held still for `quietMs`: the high watermark trails the
 * leader's log by up to one follower fetch, so an end read too early leaves acks=1 records out.
 */
export async function settledLogEnds(
  admin: Admin,
  topic: string,
  quietMs: number,
  withinMs: number,
): Promise<number[]> {
  let ends = await readLogEnds(admin, topic);
  let since = performance.now();
  await waitFor(
    async () => {
      const now = await readLogEnds(admin, topic);
      if (now.some((end, n) => end !== ends[n])) {
        ends = now;
        since = performance.now();
      }
      return performance.now() - since >= quietMs;
    },
    { withinMs, everyMs: 100 },
  );
  return ends;
}

/** What the read found of the acknowledged ids (`ackedAt`: id → ms into the run). */
export function lossOf(
  ackedAt: ReadonlyMap<number, number>,
  seen: ReadonlyMap<number, number>,
  killAtMs: number | undefined,
  complete: boolean,
): Loss {
  let found = 0;
  let lostBeforeKill = 0;
  let ackedBeforeKill = 0;
  let firstLostAck = Infinity;
  for (const [id, at] of ackedAt) {
    const before = killAtMs !== undefined && at <= killAtMs;
    if (before) ackedBeforeKill++;
    if (seen.has(id)) {
      found++;
      continue;
    }
    if (before) lostBeforeKill++;
    firstLostAck = Math.min(firstLostAck, at);
  }
  let duplicates = 0;
  for (const times of seen.values()) duplicates += times - 1;
  const lost = ackedAt.size - found;
  return {
    acked: ackedAt.size,
    ackedBeforeKill,
    found,
    lost,
    lostBeforeKill,
    lostSpanMs: lost === 0 || killAtMs === undefined ? 0 : Math.max(0, killAtMs - firstLostAck),
    duplicates,
    complete,
  };
}

export interface ReadBackOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupId: string;
  ackedAt: ReadonlyMap<number, number>;
  killAtMs: number | undefined;
  quietMs: number;
  withinMs: number;
}

export async function readBack(o: ReadBackOptions): Promise<Loss> {
  const started = performance.now();
  const until = await settledLogEnds(o.admin, o.topic, o.quietMs, o.withinMs / 2);
  const seen = new Map<number, number>();
  const read = await readTopic({
    kafka: o.kafka,
    admin: o.admin,
    topic: o.topic,
    groupId: o.groupId,
    until,
    withinMs: Math.max(1_000, o.withinMs - (performance.now() - started)),
    onRecord: ({ message }) => {
      const payload = decodePayload(message.value);
      if (payload) seen.set(payload.seq, (seen.get(payload.seq) ?? 0) + 1);
    },
  });
  return lossOf(o.ackedAt, seen, o.killAtMs, read.complete);
}
