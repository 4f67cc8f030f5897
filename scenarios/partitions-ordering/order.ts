// A record's value names its key and its sequence number within that key, so the order can be
// judged whether or not the record was sent with a key: by the consumers as they go, and by a
// fresh read of the topic at the end.
import type { RunFacts } from '../src/sdk/contract.ts';
import type { ReadRecord, TopicRead } from '../src/sdk/kafka/index.ts';

export const encodeRecord = (key: string, seq: number): string => `${key}#${seq}`;

export function decodeRecord(value: Buffer | null): { key: string; seq: number } | undefined {
  const match = value === null ? null : /^(.+)#(\d+)$/.exec(value.toString());
  if (match === null) return undefined;
  return { key: match[1] ?? '', seq: Number(match[2]) };
}

/** What the consumers saw per key: the highest sequence number so far, and every one seen. */
export class KeyOrder {
  private readonly highest = new Map<string, number>();
  private readonly seen = new Map<string, Set<number>>();

  /** A record of `key` numbered `seq` was processed. A repeat (a redelivery) is not a violation. */
  see(key: string, seq: number): 'in-order' | 'violation' | 'repeat' {
    let seen = this.seen.get(key);
    if (seen === undefined) this.seen.set(key, (seen = new Set()));
    if (seen.has(seq)) return 'repeat';
    seen.add(seq);
    const highest = this.highest.get(key) ?? -1;
    if (seq > highest) {
      this.highest.set(key, seq);
      return 'in-order';
    }
    return 'violation';
  }
}

export const factKeys = {
  logEnd: (n: number): string => `logEnd.p${n}`,
  acked: (n: number): string => `acked.p${n}`,
  keyPartition: (key: string): string => `keyPartition.${key}`,
};

/** Where a key's records were found on more than one partition. */
export const SPREAD = -2;

/**
 * Reads the whole topic once and records, as facts: each partition's log end, the partition
 * each key's keyed records were found on (or SPREAD), and how many keyed records came after a
 * higher number of their key in the log.
 */
export async function readFacts(options: {
  read: (onRecord: (record: ReadRecord) => void) => Promise<TopicRead>;
  partitions: number;
}): Promise<RunFacts> {
  const found = new Map<string, number>();
  const last = new Map<string, number>();
  let keyed = 0;
  let outOfOrder = 0;
  const read = await options.read(({ partition, message }) => {
    const record = decodeRecord(message.value);
    if (message.key === null || record === undefined) return;
    keyed++;
    const key = message.key.toString();
    const where = found.get(key);
    found.set(key, where === undefined || where === partition ? partition : SPREAD);
    if ((last.get(key) ?? -1) >= record.seq) outOfOrder++;
    last.set(key, record.seq);
  });
  const facts: RunFacts = {
    readComplete: read.complete,
    readKeyed: keyed,
    readOutOfOrder: outOfOrder,
  };
  for (let n = 0; n < options.partitions; n++) facts[factKeys.logEnd(n)] = read.until[n] ?? 0;
  for (const [key, partition] of found) facts[factKeys.keyPartition(key)] = partition;
  return facts;
}
