// What the run records at its end: the clients' counts beside what Kafka and the fresh reads of
// the output report.
export const factKeys = {
  /** The input producer: records Kafka acknowledged on partition n. */
  inputAcked: (n: number): string => `inputAcked.p${n}`,
  /** Kafka: the input's log end on partition n. */
  inputLogEnd: (n: number): string => `inputLogEnd.p${n}`,
  /** Kafka: the processor group's committed offset on partition n (-1: none). */
  committed: (n: number): string => `committed.p${n}`,
};
