import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const distributedLockParams = Type.Object(
  {
    clients: Type.Integer({
      default: 4,
      minimum: 2,
      maximum: 16,
      description: 'Clients taking turns on the one lock, each on its own Redis connection.',
      'x-unit': 'clients',
    }),
    lockTtlMs: Type.Integer({
      default: 200,
      minimum: 20,
      maximum: 10_000,
      description:
        'How long a lock lives (SET NX PX): Redis frees it after this even if its holder has not finished. Applies from the next acquisition.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    workMs: Type.Integer({
      default: 10,
      minimum: 0,
      maximum: 1000,
      description:
        'The normal work between reading the storage and writing it back, well within the TTL.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    pauseMs: Type.Integer({
      default: 400,
      minimum: 0,
      maximum: 10_000,
      description:
        'How long a holder stalls now and then (a GC pause, a swapped-out VM) between its read and its write; longer than lockTtlMs means its lock expires under it. 0 turns the stalls off.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    pauseEverySec: Type.Number({
      default: 1,
      minimum: 0.2,
      maximum: 60,
      description: 'How often a holder stalls: the first lock granted after this long does.',
      'x-unit': 's',
      'x-live': true,
    }),
    fencing: Type.Boolean({
      default: false,
      description:
        'Whether the storage checks fencing tokens: it then refuses any request carrying an older token than one it has already seen.',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds how long a client waits before trying a taken lock again.',
    }),
  },
  { additionalProperties: false },
);

export type DistributedLockParams = Static<typeof distributedLockParams>;
