import { SeenSet } from '../src/sdk/amqp/index.ts';
import type { Route } from './bindings.ts';

export interface Prediction {
  /** Per queue of the binding set: the sequence numbers the rules send there. */
  perQueue: SeenSet[];
  /** Those no binding matches. */
  unroutable: SeenSet;
  /** Messages that match two or more bindings of one queue. */
  overlapping: number;
}

/**
 * Where the rules send each message RabbitMQ confirmed: the messages' codes (by sequence
 * number) looked up in the route table, which matcher.ts computed without asking the broker.
 */
export function predictRoutes(
  routes: readonly Route[],
  codeOf: (seq: number) => number,
  published: number,
  confirmed: (seq: number) => boolean,
  queueCount: number,
): Prediction {
  const perQueue = Array.from({ length: queueCount }, () => new SeenSet());
  const unroutable = new SeenSet();
  let overlapping = 0;
  for (let seq = 0; seq < published; seq++) {
    if (!confirmed(seq)) continue;
    const route = routes[codeOf(seq)];
    if (route === undefined || route.queues.length === 0) {
      unroutable.add(seq);
      continue;
    }
    for (const q of route.queues) perQueue[q]?.add(seq);
    if (route.overlapping) overlapping++;
  }
  return { perQueue, unroutable, overlapping };
}

/** What a receiver got against what it was owed: owed but absent, and got but not owed. */
export function compareSets(owed: SeenSet, got: SeenSet): { missing: number; unexpected: number } {
  return { missing: got.missingFrom(owed), unexpected: owed.missingFrom(got) };
}
