import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const ORDER_MODES = ['dual-write', 'outbox'] as const;
export type OrderMode = (typeof ORDER_MODES)[number];

export const eventDrivenOrderParams = Type.Object(
  {
    mode: Type.Union([Type.Literal('dual-write'), Type.Literal('outbox')], {
      default: 'dual-write',
      description:
        'How product-service announces an order: dual-write (write the order, then publish to RabbitMQ and Kafka from the request) or outbox (write the order and an outbox entry in one MULTI/EXEC; a relay publishes and then deletes the entry). A change pauses the orders until what is on its way has arrived, so each mode is counted on its own.',
      'x-live': true,
    }),
    outboxAtSec: Type.Integer({
      default: 10,
      minimum: 0,
      maximum: 600,
      description:
        'The run switches itself to outbox this many seconds after the first order, so one run shows both modes (0: never).',
      'x-unit': 's',
    }),
    crashRate: Type.Number({
      default: 0.05,
      minimum: 0,
      maximum: 0.3,
      description:
        'The share of orders whose product-service process kills itself (SIGKILL) right after the order is written: before the publish under dual-write; under outbox, half of them there and half in the relay between its publish and its delete. The run restarts a crashed instance and holds further crashes off until it is back, so the others keep serving.',
      'x-live': true,
    }),
    ordersPerSec: Type.Number({
      default: 20,
      minimum: 0,
      maximum: 200,
      description: 'Orders the clients place through the gateway per second, in all.',
      'x-unit': 'orders/s',
      'x-live': true,
    }),
    instances: Type.Integer({
      default: 3,
      minimum: 2,
      maximum: 5,
      description:
        'product-service instances behind the gateway: with at least two, one crashing leaves another to serve while it restarts.',
      'x-unit': 'instances',
    }),
  },
  { additionalProperties: false },
);

export type EventDrivenOrderParams = Static<typeof eventDrivenOrderParams>;
