// The facts the run records at its end and the checks read: per partition, what the clients
// counted (producer acks, members' progress) next to what Kafka reports (log end, committed).
import type { RunFacts } from '../src/sdk/contract.ts';

export const factKeys = {
  /** Producer: records Kafka acknowledged to it on partition n. */
  producerAcked: (n: number): string => `producerAcked.p${n}`,
  /** Members: the highest offset any member processed on partition n, plus one (0: none). */
  membersNext: (n: number): string => `membersNext.p${n}`,
  /** Members: records processed on partition n, a record seen twice after a rebalance twice. */
  membersProcessed: (n: number): string => `membersProcessed.p${n}`,
  /** Kafka: log end − log start of partition n. */
  brokerLogEnd: (n: number): string => `brokerLogEnd.p${n}`,
  /** Kafka: the group's committed offset on partition n, -1 where it has none. */
  brokerCommitted: (n: number): string => `brokerCommitted.p${n}`,
  /** Kafka: log end − committed (from the log start where nothing is committed). */
  brokerLag: (n: number): string => `brokerLag.p${n}`,
};

/** One numeric fact per partition; undefined when any is missing (the run ended early). */
export function perPartition(
  facts: RunFacts,
  key: (n: number) => string,
  partitions: number,
): number[] | undefined {
  const values: number[] = [];
  for (let n = 0; n < partitions; n++) {
    const value = facts[key(n)];
    if (typeof value !== 'number') return undefined;
    values.push(value);
  }
  return values;
}
