import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const sessionsParams = Type.Object(
  {
    instances: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 8,
      description:
        'Stateless app instances, each with its own Redis connection; every page view goes to a random one.',
      'x-unit': 'instances',
    }),
    loginsPerSec: Type.Number({
      default: 20,
      minimum: 0,
      maximum: 200,
      description: 'Users arriving and logging in per second (0 stops new arrivals).',
      'x-unit': 'logins/s',
      'x-live': true,
    }),
    sessionTtlSec: Type.Number({
      default: 2,
      minimum: 0.5,
      maximum: 600,
      description:
        'Sliding idle timeout: every page view resets the session’s TTL to this (PEXPIRE); a session idle longer is gone.',
      'x-unit': 's',
      'x-live': true,
    }),
    thinkMs: Type.Number({
      default: 300,
      minimum: 10,
      maximum: 10_000,
      description:
        'Mean pause between a user’s page views (each drawn between half and one and a half times this).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    pagesPerVisit: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 50,
      description:
        'Mean page views per visit (each visit draws between 1 and twice this, minus one).',
      'x-unit': 'pages',
    }),
    logoutShare: Type.Number({
      default: 0.5,
      minimum: 0,
      maximum: 1,
      description:
        'Share of users who log out at the end of their visit (DEL); the others just leave, and their session idles out.',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the users’ choices, so a rerun repeats them.',
    }),
  },
  { additionalProperties: false },
);

export type SessionsParams = Static<typeof sessionsParams>;
