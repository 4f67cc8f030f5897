// What the run records at its end for the checks: each side's balances as a digest and totals.
export const factKeys = {
  /** The bank: events Kafka acknowledged on partition n. */
  acked: (n: number): string => `acked.p${n}`,
  /** Kafka: log end of partition n. */
  logEnd: (n: number): string => `logEnd.p${n}`,
};

/** A set of balances described three ways: digest, total balance, events applied. */
export const tallyFacts = (side: string) => ({
  digest: `${side}.digest`,
  balance: `${side}.balance`,
  events: `${side}.events`,
  accounts: `${side}.accounts`,
});

/** The bank's ledger, the live view at the end, the final replay, and the two as-of sides. */
export const sides = {
  ledger: tallyFacts('ledger'),
  live: tallyFacts('live'),
  rebuilt: tallyFacts('rebuilt'),
  asOfLedger: tallyFacts('asOfLedger'),
  asOfView: tallyFacts('asOfView'),
};
