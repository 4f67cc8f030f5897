import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

// A binding key is words of letters, digits and dashes, or the wildcards `*` and `#`, joined by
// dots; the headers binding is `all:` or `any:` and name=value pairs. Both are checked by the
// schema, so a malformed binding is refused before the run starts.
export const BINDING_KEY_PATTERN = '^(\\*|#|[a-z0-9-]+)(\\.(\\*|#|[a-z0-9-]+))*$';
export const HEADERS_BINDING_PATTERN =
  '^(all|any): ?[a-z]+=[a-z0-9-]+( ?, ?[a-z]+=[a-z0-9-]+){0,3}$';

export const routingParams = Type.Object(
  {
    exchangeType: Type.Union(
      [Type.Literal('topic'), Type.Literal('direct'), Type.Literal('headers')],
      {
        default: 'topic',
        description:
          'The exchange the publisher sends to, with its preset bindings: direct matches the whole key, topic matches words with * (one) and # (any number), headers matches message headers.',
      },
    ),
    customPattern: Type.String({
      default: '*.payment.#',
      minLength: 1,
      maxLength: 60,
      pattern: BINDING_KEY_PATTERN,
      description:
        "The binding key of the queue named custom, on a direct or topic exchange: dot-separated words (a-z, 0-9, -), * or #, e.g. '#.failed.#'. A direct exchange takes * and # literally.",
    }),
    customHeaders: Type.String({
      default: 'any: region=apac, retry=yes',
      minLength: 5,
      maxLength: 80,
      pattern: HEADERS_BINDING_PATTERN,
      description:
        "The binding of the queue named custom on a headers exchange: 'all:' or 'any:' then up to 4 name=value pairs (names region, kind, event, retry), e.g. 'all: kind=refund, event=failed'.",
    }),
    unroutable: Type.Union(
      [Type.Literal('return'), Type.Literal('alternate-exchange'), Type.Literal('drop')],
      {
        default: 'return',
        description:
          'What happens to a message no binding matches: returned to the publisher (mandatory flag), caught by an alternate exchange into a queue of its own, or dropped silently.',
      },
    ),
    messagesPerSec: Type.Integer({
      default: 40,
      minimum: 0,
      maximum: 500,
      description: 'Messages published per second, each with a routing key drawn at random.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    retryPercent: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 100,
      description:
        "Share of messages that are retries: their key gets a fourth word ('eu.order.created.retry') and the header retry=yes.",
      'x-unit': '%',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds the random routing keys, so a rerun publishes the same stream.',
    }),
  },
  { additionalProperties: false },
);

export type RoutingParams = Static<typeof routingParams>;
export type ExchangeKind = RoutingParams['exchangeType'];
export type UnroutableMode = RoutingParams['unroutable'];
