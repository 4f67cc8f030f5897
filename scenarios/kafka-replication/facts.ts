// The two producers side by side, and what the run records for its checks: the producers' own
// tallies beside Kafka's metadata (leaders, ISRs) and a fresh full read of each topic.
export const PRODUCERS = ['acks1', 'acksAll'] as const;
export type ProducerName = (typeof PRODUCERS)[number];

/** The `acks` each producer sends with (kafkajs: -1 is all). */
export const ACKS: Record<ProducerName, 1 | -1> = { acks1: 1, acksAll: -1 };
export const ACKS_LABEL: Record<ProducerName, string> = { acks1: 'acks=1', acksAll: 'acks=all' };

export const factKeys = {
  /** The node id killed, and when (ms into the run). */
  killedNode: 'killedNode',
  killAtMs: 'killAtMs',
  /** Metadata just before the kill: `p<n>=<leader>:<isr>` per partition of both topics. */
  before: 'metadataBeforeKill',
  /** The first metadata with a live leader for every partition, same form. */
  after: 'metadataAfterElection',
  /** Every partition's new leader was in its ISR before the kill, and is not the killed node. */
  leadersFromIsr: 'newLeadersFromIsr',
  electionMs: 'electionMs',
  /** When the killed node was started again (ms into the run), and the ISRs after it. */
  restartedAtMs: 'restartedAtMs',
  isrFull: 'isrFullAfterRestart',
  isrRestoredMs: 'isrRestoredMs',
  /** Ids the producer had acknowledged. */
  acked: (p: ProducerName): string => `ackedIds.${p}`,
  /** Of those, acknowledged before the kill. */
  ackedBeforeKill: (p: ProducerName): string => `ackedBeforeKill.${p}`,
  /** Of the acknowledged ids, those the full read found. */
  found: (p: ProducerName): string => `found.${p}`,
  /** Of the acknowledged ids missing from the read, those acknowledged before the kill. */
  lostBeforeKill: (p: ProducerName): string => `lostBeforeKill.${p}`,
  /** From the first lost record's acknowledgement to the kill. */
  lostSpanMs: (p: ProducerName): string => `lostSpanMs.${p}`,
  /** The read reached every partition's log end. */
  readComplete: (p: ProducerName): string => `readComplete.${p}`,
  /** Kafka refused the full read: why. */
  readError: (p: ProducerName): string => `readError.${p}`,
  /** Records the read found more than once (a retried send Kafka had already written). */
  duplicates: (p: ProducerName): string => `duplicates.${p}`,
};
