// The two sides' own records, kept apart on purpose: the checks hold what the servers say they
// answered against what the clients say they received, request by request. Requests are
// numbered across all clients, and the number is the correlation id.
import { SeenSet } from '../src/sdk/amqp/index.ts';

/** What the servers did, as each logged it. */
export class ServerLog {
  /** Correlation ids a server replied to. */
  readonly answered = new SeenSet();
  /** Replies to a correlation id already answered (a request delivered twice). */
  answeredTwice = 0;
  /** Request deliveries, redeliveries included. */
  received = 0;
  /** Requests whose correlation id was not a request number: not answered. */
  malformed = 0;

  answer(seq: number): void {
    if (!this.answered.add(seq)) this.answeredTwice++;
  }
}

/** What the clients saw come back. */
export class ClientLedger {
  /** Correlation ids a reply arrived for, in time or late. */
  readonly received = new SeenSet();
  /** Requests the clients gave up on. */
  readonly timedOut = new SeenSet();
  /** A second reply to the same request. */
  duplicates = 0;
  /** A reply whose body names another request than its correlation id. */
  wrongBodies = 0;
  /** A reply to a request no client is waiting for and none gave up on. */
  unknown = 0;
}
