import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const STRATEGIES = ['naive', 'watch', 'lua', 'incrby'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const transactionsParams = Type.Object(
  {
    strategy: Type.Union(
      STRATEGIES.map((s) => Type.Literal(s)),
      {
        default: 'naive',
        description:
          'How a worker moves an amount between two balances: naive (GET both, think, SET both), watch (WATCH, GET, think, MULTI/SET/EXEC, retry when EXEC aborts), lua (one script checks and moves atomically inside Redis), incrby (GET to check the balance, think, then MULTI/DECRBY/INCRBY/EXEC). Changes apply from the next transfer.',
        'x-live': true,
      },
    ),
    accounts: Type.Integer({
      default: 10,
      minimum: 2,
      maximum: 1000,
      description:
        'Balances the workers move money between, one Redis key each; fewer means more transfers touch the same keys at once.',
      'x-unit': 'accounts',
    }),
    initialBalance: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 1_000_000,
      description: 'What every account holds at the start; the total is accounts × this.',
      'x-unit': 'units',
    }),
    maxAmount: Type.Integer({
      default: 30,
      minimum: 1,
      maximum: 1_000_000,
      description:
        'Each transfer moves a random whole amount from 1 to this; a transfer the balance cannot cover is declined.',
      'x-unit': 'units',
    }),
    workers: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 32,
      description:
        'Concurrent workers, each with its own Redis connection (WATCH belongs to a connection).',
      'x-unit': 'workers',
    }),
    transfersPerSec: Type.Number({
      default: 400,
      minimum: 0,
      maximum: 5000,
      description: 'Transfers started per second across all workers (0 pauses them).',
      'x-unit': 'transfers/s',
      'x-live': true,
    }),
    thinkMs: Type.Number({
      default: 2,
      minimum: 0,
      maximum: 100,
      description:
        "The application's work between reading the balances and writing them back: the window in which another worker can change them. Lua has none: the decision runs inside Redis.",
      'x-unit': 'ms',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which accounts each transfer picks and how much it moves.',
    }),
  },
  { additionalProperties: false },
);

export type TransactionsParams = Static<typeof transactionsParams>;
