// What the TTL predicts a crash costs. A killed instance stops renewing its key, so Redis drops
// the key at most `ttlMs` after the kill (its last heartbeat was at most TTL/3 earlier, and set
// the full TTL). Callers keep it in their list until their next registry read, every
// GATEWAY_REFRESH_MS. Until then the gateway's round-robin hands it one pick in N, and each such
// pick is a 502.

/** How often a caller re-reads the registry (infrastructure/shop/lib/registry-client.ts). */
export const GATEWAY_REFRESH_MS = 250;
/** Room for a request sent at the window's end to be picked and fail. */
export const IN_FLIGHT_SLACK_MS = 100;

/** The stretch after a kill in which the dead instance may still be picked: [kill, kill + this]. */
export const exposureWindowMs = (ttlMs: number): number =>
  ttlMs + GATEWAY_REFRESH_MS + IN_FLIGHT_SLACK_MS;

export interface BoundInputs {
  /** Requests the clients sent within the exposure window after the kill. */
  sentInWindow: number;
  /** Instances registered at the kill, the dead one included: the round-robin's N. */
  instancesAtKill: number;
  /** Requests at most in flight at the kill (one per client): they die with the instance. */
  inFlight: number;
}

/**
 * The most errors the kill can cost: one pick in N of the window's requests, plus N for where
 * the round-robin stood when the window opened, plus the requests the instance held.
 */
export function errorBound({ sentInWindow, instancesAtKill, inFlight }: BoundInputs): number {
  const n = Math.max(1, instancesAtKill);
  return Math.ceil(sentInWindow / n) + n + inFlight;
}
