// Fact keys shared by the run (which records them) and the checks (which read them).

/** At most this many jumps are recorded one by one; the totals cover every jump. */
export const MAX_JUMPS_RECORDED = 40;

export const jumpFact = {
  /** The consumer's own position when Kafka said it was out of range. */
  from: (i: number): string => `jump${i}.from`,
  /** The offset of the first record the consumer got after the reset. */
  landed: (i: number): string => `jump${i}.landed`,
  /**
   * The group's committed offset as Kafka last reported it before the jump (-1: none yet), and
   * the records the consumer processed after that reading began and after its answer came:
   * together, where it stood (the commit Kafka answered with was made somewhere in between).
   */
  committedBefore: (i: number): string => `jump${i}.committedBefore`,
  consumedSince: (i: number): string => `jump${i}.consumedSince`,
  consumedSinceAnswer: (i: number): string => `jump${i}.consumedSinceAnswer`,
  /** What Kafka holds as committed at the jump: kafkajs commits -2 (earliest) or -1 (latest). */
  committedAt: (i: number): string => `jump${i}.committedAt`,
  /** Kafka's log end as read before the consumer's last record ahead of the jump, and at the jump. */
  logEndBefore: (i: number): string => `jump${i}.logEndBefore`,
  logEndAt: (i: number): string => `jump${i}.logEndAt`,
};

/** A fact holding a comma-separated list of numbers. */
export const numberList = (value: unknown): number[] =>
  typeof value === 'string' && value !== '' ? value.split(',').map(Number) : [];
