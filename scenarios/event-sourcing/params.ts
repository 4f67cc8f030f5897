import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const eventSourcingParams = Type.Object(
  {
    accounts: Type.Integer({
      default: 12,
      minimum: 1,
      maximum: 500,
      description:
        'Bank accounts; each is opened by its first event, then receives deposits and withdrawals. The account id is the record key, so all of an account’s events share a partition, in order.',
      'x-unit': 'accounts',
    }),
    eventsPerSec: Type.Integer({
      default: 150,
      minimum: 0,
      maximum: 2000,
      description: 'Account events the bank writes to the log per second.',
      'x-unit': 'events/s',
      'x-live': true,
    }),
    partitions: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 8,
      description: 'Partitions of the events topic.',
      'x-unit': 'partitions',
    }),
    rebuildEverySec: Type.Integer({
      default: 4,
      minimum: 0,
      maximum: 60,
      description:
        'Every so often the balance view is dropped and rebuilt by replaying the log from offset 0 (0: never during the run).',
      'x-unit': 's',
      'x-live': true,
    }),
    asOfSecAgo: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 60,
      description:
        'With each rebuild (and at the end), also rebuild the balances as they stood this many seconds ago, by seeking each partition to that time (0: off).',
      'x-unit': 's',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 7,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the accounts and amounts, so a rerun writes the same story.',
    }),
  },
  { additionalProperties: false },
);

export type EventSourcingParams = Static<typeof eventSourcingParams>;
