import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const pubsubVsStreamsParams = Type.Object(
  {
    eventsPerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description:
        'Events per second; each is PUBLISHed on the channel and XADDed to the stream, in one round trip (0 pauses the publisher).',
      'x-unit': 'events/s',
      'x-live': true,
    }),
    consumers: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 4,
      description: 'Consumers in the stream’s consumer group, sharing its entries.',
      'x-unit': 'consumers',
    }),
    workMs: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 500,
      description:
        'How long a stream consumer works on each batch before acknowledging it (a database write, say): meanwhile the batch is pending, and a crash catches it unacknowledged.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    disconnectEverySec: Type.Number({
      default: 4,
      minimum: 0,
      maximum: 60,
      description:
        'How often the pub/sub subscriber drops its connection (the first time after half this); 0 keeps it connected.',
      'x-unit': 's',
      'x-live': true,
    }),
    awaySec: Type.Number({
      default: 1.5,
      minimum: 0.2,
      maximum: 10,
      description:
        'How long the subscriber stays disconnected each time before it subscribes again.',
      'x-unit': 's',
      'x-live': true,
    }),
    crashConsumerEverySec: Type.Number({
      default: 3,
      minimum: 0,
      maximum: 60,
      description:
        'How often a stream consumer crashes holding a batch it never acknowledges (the first time after half this); it restarts under a new name a second later. 0: no crashes.',
      'x-unit': 's',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type PubsubVsStreamsParams = Static<typeof pubsubVsStreamsParams>;
