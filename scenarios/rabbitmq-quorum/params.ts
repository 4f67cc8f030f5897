import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const CLASSIC_MESSAGES = ['persistent', 'transient'] as const;
export const RECONNECT = ['blind', 'check-queue'] as const;

export const rabbitmqQuorumParams = Type.Object(
  {
    messagesPerSec: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 400,
      description: 'numbered messages a second to each queue, each confirmed by the broker',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    killAtSec: Type.Number({
      default: 4,
      minimum: 1,
      maximum: 300,
      description:
        'seconds into the load (the cluster has formed) when the node holding the quorum leader and the classic queue is killed (SIGKILL)',
      'x-unit': 's',
    }),
    restartAtSec: Type.Number({
      default: 9,
      minimum: 0,
      maximum: 600,
      description:
        'seconds into the load when the killed node is started again over its data (0: never; it stays dead)',
      'x-unit': 's',
    }),
    classicMessages: Type.Union(
      CLASSIC_MESSAGES.map((m) => Type.Literal(m)),
      {
        default: 'persistent',
        description:
          'delivery mode of the messages to the (durable) classic queue: persistent ones are on disk before they are confirmed, transient ones only in memory',
      },
    ),
    reconnect: Type.Union(
      RECONNECT.map((m) => Type.Literal(m)),
      {
        default: 'blind',
        description:
          'after a reconnect, publish at once (blind) or first check that the queue answers (check-queue, a passive declare)',
      },
    ),
  },
  { additionalProperties: false },
);

export type RabbitmqQuorumParams = Static<typeof rabbitmqQuorumParams>;
export type QueueKind = 'quorum' | 'classic';
export const QUEUE_KINDS: readonly QueueKind[] = ['quorum', 'classic'];
