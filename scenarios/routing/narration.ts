// The sentences of the event log: what the bindings are, where the first messages of each kind
// go by the rules, and what RabbitMQ did with those no binding matched.
import { plural } from '../src/sdk/narration.ts';
import type { BoundQueue, Route } from './bindings.ts';
import { bindingText } from './bindings.ts';
import type { ExchangeKind, UnroutableMode } from './params.ts';

export function bindingsStory(kind: ExchangeKind, queues: readonly BoundQueue[]): string {
  const list = queues.map((q) => `${q.id} ← ${q.bindings.map(bindingText).join(' | ')}`).join('; ');
  return `${kind} exchange with ${plural(queues.length, 'queue')}: ${list}`;
}

const FATE: Record<UnroutableMode, string> = {
  return: 'RabbitMQ returns it to the publisher (mandatory)',
  'alternate-exchange': 'the alternate exchange catches it',
  drop: 'RabbitMQ drops it without a word',
};

/** "eu.refund.failed → eu-all, alerts (two bindings of alerts match: one copy)". */
export function routeStory(
  key: string,
  route: Route,
  queues: readonly BoundQueue[],
  mode: UnroutableMode,
): string {
  if (route.queues.length === 0) return `${key} matches no binding: ${FATE[mode]}`;
  const names = route.queues.map((q) => queues[q]?.id ?? '?').join(', ');
  const overlap = route.overlapping ? ' (two bindings of one queue match: still one copy)' : '';
  return `by the rules, ${key} → ${names}${overlap}`;
}

export function unroutableStory(mode: UnroutableMode, key: string): string {
  return mode === 'return'
    ? `RabbitMQ returned ${key} to the publisher: no binding matched (basic.return)`
    : `the alternate exchange caught ${key}: no binding matched, so it went to the unrouted queue`;
}
