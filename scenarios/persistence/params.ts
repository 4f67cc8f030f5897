import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const MODES = ['always', 'everysec', 'no', 'snapshots'] as const;

export const persistenceParams = Type.Object(
  {
    mode: Type.Union(
      MODES.map((m) => Type.Literal(m)),
      {
        default: 'always',
        description:
          'appendfsync of the AOF (always, everysec, no), or snapshots only (RDB, no AOF)',
      },
    ),
    saveEverySec: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 60,
      description: 'snapshots mode: save a snapshot every this many seconds when anything changed',
      'x-unit': 's',
    }),
    writesPerSec: Type.Integer({
      default: 500,
      minimum: 10,
      maximum: 3000,
      description: 'numbered writes a second',
      'x-unit': 'writes/s',
      'x-live': true,
    }),
    killAtSec: Type.Number({
      default: 1.5,
      minimum: 0.5,
      maximum: 60,
      description: 'when the server is killed with SIGKILL (and restarted at once)',
      'x-unit': 's',
    }),
    concurrency: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 16,
      description: 'writes in flight at once',
    }),
  },
  { additionalProperties: false },
);

export type PersistenceParams = Static<typeof persistenceParams>;
export type Mode = (typeof MODES)[number];
