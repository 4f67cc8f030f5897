// What the run records at its end for the checks: the clients' own tallies beside what the
// proxy was configured with and what the broker (or a full read) reports.
import type { ProducerKind } from './kafka-producers.ts';

export const factKeys = {
  /** The toxic was added to the link (false: the run ended first, or there was no link). */
  faultApplied: 'faultApplied',
  /** The toxic was still on the link when the fault window closed (not removed early). */
  toxicIntact: 'toxicIntact',
  /** The latency toxic's `latency` attribute as read back from the link, smallest and largest. */
  toxicLatencyMin: 'toxicLatencyMin',
  toxicLatencyMax: 'toxicLatencyMax',
  toxicJitterMax: 'toxicJitterMax',
  /** Window lengths and requests answered in each (throughput = answered / length). */
  beforeMs: 'beforeMs',
  faultMs: 'faultMs',
  beforeAnswered: 'beforeAnswered',
  faultAnswered: 'faultAnswered',
  /** Workers in all (each keeps one request in flight) and loops they form (Kafka: 2 producers). */
  workers: 'workers',
  loops: 'loops',
  /** Requests a loop's connection can have in flight at once (0: as many as its workers). */
  inFlightCap: 'inFlightCap',
  /** Redis and RabbitMQ: writes the client saw acknowledged, and what the broker holds. */
  acknowledged: 'acknowledged',
  brokerHolds: 'brokerHolds',
  failedRequests: 'failedRequests',
  /** Redis: requests in flight each time the workers' connection dropped (ioredis re-sends them). */
  inFlightAtDrops: 'inFlightAtDrops',
  /** Every request of the loop was answered or failed before the final read. */
  settled: 'settled',
  /** Kafka, per producer. */
  kafka: (kind: ProducerKind, what: KafkaFact): string => `${kind}.${what}`,
};

export type KafkaFact =
  | 'acked'
  | 'resends'
  | 'resentRecords'
  | 'sendsFailed'
  | 'unsettled'
  | 'records'
  | 'duplicates'
  | 'lost'
  | 'unacknowledged'
  | 'readComplete';
