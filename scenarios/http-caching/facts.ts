// The fact keys the run records and the checks read, in one place so the two cannot drift.
export const factKeys = {
  /** What the origin itself counted (the load only: the panel's requests are set apart). */
  originRequests: 'origin.requests',
  origin200: 'origin.200',
  origin304: 'origin.304',
  originOther: 'origin.other',
  originBytes: 'origin.bytes',
  originPerResource: (id: string) => `origin.requests.${id}`,
  /** What the clients' taps below their caches saw leave for the network. */
  network200: 'network.200',
  network304: 'network.304',
  networkOther: 'network.other',
  /** Requests the clients made, per resource (answers, whatever their source). */
  clientPerResource: (id: string) => `client.requests.${id}`,
  /** Answers older than the origin's version when the request was sent, per resource. */
  outdatedPerResource: (id: string) => `outdated.${id}`,
  /** Outdated answers later after the origin's change than the answer's own reuse window. */
  outdatedOverWindow: 'outdated.overWindow',
  worstOverWindow: 'outdated.worstOverWindow',
  /** Versions the origin published during the run. */
  changes: 'changes',
  /** Network requests of the clients still in flight when the counts were taken. */
  pendingAtEnd: 'pendingAtEnd',
} as const;
