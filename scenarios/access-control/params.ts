import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const accessControlParams = Type.Object(
  {
    opsPerSec: Type.Integer({
      default: 300,
      minimum: 0,
      maximum: 2000,
      description: "the app's requests a second, all its connections together",
      'x-unit': 'req/s',
      'x-live': true,
    }),
    mistakeRatio: Type.Number({
      default: 0.1,
      minimum: 0,
      maximum: 1,
      description:
        "share of the app's requests outside its rights (a bug or a compromised app): admin commands, another tenant's keys, a channel not its own",
      'x-live': true,
    }),
    appPatterns: Type.Union([Type.Literal('own-prefix'), Type.Literal('everything')], {
      default: 'own-prefix',
      description:
        "the app user's key and channel patterns: only its own prefix (~pg:<run>:app:*), or every key and channel (~* &*); its commands stay limited either way",
      'x-live': true,
    }),
    defaultUser: Type.Union([Type.Literal('off'), Type.Literal('nopass')], {
      default: 'off',
      description:
        "the default user: disabled, or on with no password and every right (Redis's out-of-the-box setting)",
      'x-live': true,
    }),
    intruderPerSec: Type.Number({
      default: 2,
      minimum: 0,
      maximum: 20,
      description:
        'attempts a second by an intruder on the network: a read with no login, then a guessed password',
      'x-unit': 'tries/s',
      'x-live': true,
    }),
    connections: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 16,
      description: 'connections the app opens, each logged in as user app',
    }),
    seed: Type.Integer({
      default: 7,
      minimum: 0,
      maximum: 1_000_000,
      description: 'seed of the workload, so a rerun repeats it',
    }),
  },
  { additionalProperties: false },
);

export type AccessControlParams = Static<typeof accessControlParams>;
