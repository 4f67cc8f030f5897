// The binding sets: a preset per exchange type, plus the learner's own binding on the queue
// named `custom`. From them, the route of every possible message, computed once.
import type { HeadersBinding } from './matcher.ts';
import {
  directMatches,
  headersBindingText,
  headersMatch,
  parseHeadersBinding,
  topicMatches,
} from './matcher.ts';
import { MESSAGE_CODES, decodeFacts, headersOf, routingKeyOf } from './messages.ts';
import type { ExchangeKind, RoutingParams } from './params.ts';

export type Binding = { key: string } | { headers: HeadersBinding };

export interface BoundQueue {
  /** Short name: the queue is `ctx.names.queue(id)`, its count `routed.<id>`. */
  id: QueueId;
  bindings: Binding[];
}

/** Every queue any binding set declares; metric keys are declared for each. */
export const QUEUE_IDS = [
  'eu-orders',
  'payments-failed',
  'audit',
  'eu-all',
  'alerts',
  'orders',
  'retries',
  'custom',
] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

const headers = (text: string): Binding => ({ headers: parseHeadersBinding(text) });

const PRESETS: Record<ExchangeKind, BoundQueue[]> = {
  // Exact keys only: a queue wanting several keys needs a binding per key, and two queues bound
  // with the same key each get a copy.
  direct: [
    { id: 'eu-orders', bindings: [{ key: 'eu.order.created' }, { key: 'eu.order.updated' }] },
    {
      id: 'payments-failed',
      bindings: [
        { key: 'eu.payment.failed' },
        { key: 'us.payment.failed' },
        { key: 'apac.payment.failed' },
      ],
    },
    { id: 'audit', bindings: [{ key: 'eu.order.created' }] },
  ],
  // `*.order.*` takes three-word keys only, so retries (four words) slip past it; `eu.#` takes
  // any length. `alerts` has two bindings that both match 'us.refund.failed': it gets one copy.
  topic: [
    { id: 'eu-all', bindings: [{ key: 'eu.#' }] },
    { id: 'alerts', bindings: [{ key: '*.*.failed' }, { key: '*.refund.#' }] },
    { id: 'orders', bindings: [{ key: '*.order.*' }] },
  ],
  headers: [
    { id: 'eu-orders', bindings: [headers('all: region=eu, kind=order')] },
    { id: 'alerts', bindings: [headers('any: event=failed, kind=refund')] },
    { id: 'retries', bindings: [headers('all: retry=yes')] },
  ],
};

export function bindingSet(params: RoutingParams): BoundQueue[] {
  const custom: Binding =
    params.exchangeType === 'headers'
      ? headers(params.customHeaders)
      : { key: params.customPattern };
  return [...PRESETS[params.exchangeType], { id: 'custom', bindings: [custom] }];
}

export function bindingText(binding: Binding): string {
  return 'key' in binding ? binding.key : headersBindingText(binding.headers);
}

export function bindingMatches(kind: ExchangeKind, binding: Binding, code: number): boolean {
  const facts = decodeFacts(code);
  if ('headers' in binding) return headersMatch(binding.headers, headersOf(facts));
  const key = routingKeyOf(facts);
  return kind === 'topic' ? topicMatches(binding.key, key) : directMatches(binding.key, key);
}

export interface Route {
  /** Indexes into the binding set of the queues the message lands in, one copy each. */
  queues: number[];
  /** Some queue has two or more bindings this message matches (it still gets one copy). */
  overlapping: boolean;
}

/** The route of every message code under this binding set, by the rules in matcher.ts. */
export function routeTable(kind: ExchangeKind, queues: readonly BoundQueue[]): Route[] {
  return Array.from({ length: MESSAGE_CODES }, (_, code) => {
    const route: Route = { queues: [], overlapping: false };
    for (const [q, queue] of queues.entries()) {
      const matched = queue.bindings.filter((b) => bindingMatches(kind, b, code)).length;
      if (matched > 0) route.queues.push(q);
      if (matched > 1) route.overlapping = true;
    }
    return route;
  });
}
