import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const rpcParams = Type.Object(
  {
    clients: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 10,
      description:
        'Callers, each on its own channel, waiting for replies on direct reply-to (amq.rabbitmq.reply-to).',
    }),
    servers: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 10,
      description: 'Servers consuming the one request queue; RabbitMQ hands requests out in turn.',
    }),
    requestsPerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 2000,
      description: 'Requests the clients send per second, in all.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    serviceTimeMs: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 1000,
      description: 'Time every server spends on a request before it replies.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    slowServerDelayMs: Type.Integer({
      default: 1500,
      minimum: 0,
      maximum: 10000,
      description: 'Extra time server 1 spends on each request (0 = as fast as the others).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    timeoutMs: Type.Integer({
      default: 1000,
      minimum: 50,
      maximum: 10000,
      description:
        'How long a client waits for a reply before giving up; each request keeps the value it was sent with.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    prefetch: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 100,
      description:
        'Requests RabbitMQ hands a server before it has answered: the ones it holds wait their turn there.',
      'x-unit': 'requests',
    }),
  },
  { additionalProperties: false },
);

export type RpcParams = Static<typeof rpcParams>;
