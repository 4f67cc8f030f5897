import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const serviceAuthParams = Type.Object(
  {
    callsPerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 1000,
      description:
        'Legitimate calls per second from the gateway to user-service, each with a fresh service token from auth-service.',
      'x-unit': 'calls/s',
      'x-live': true,
    }),
    callers: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 10,
      description: 'Legitimate callers, each with one call in flight at a time.',
    }),
    forgedPerSec: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 100,
      description:
        'Calls with a forged token: every claim right, auth-service’s current kid in the header, but signed with a key auth-service never issued.',
      'x-unit': 'calls/s',
      'x-live': true,
    }),
    expiredPerSec: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 100,
      description: 'Calls with a genuine token that has expired (a caller replaying an old one).',
      'x-unit': 'calls/s',
      'x-live': true,
    }),
    wrongAudiencePerSec: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 100,
      description:
        'Calls with a genuine, unexpired token issued for product-service, presented to user-service.',
      'x-unit': 'calls/s',
      'x-live': true,
    }),
    rotateEveryMs: Type.Integer({
      default: 2000,
      minimum: 500,
      maximum: 60000,
      description:
        'How often auth-service is told to rotate its signing key (POST /rotate). A retired key stays in the JWKS while a token it signed may still be alive.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    tokenTtlSec: Type.Integer({
      default: 3,
      minimum: 2,
      maximum: 60,
      description: 'Lifetime of a service token (SHOP_SERVICE_TOKEN_TTL_SEC).',
      'x-unit': 's',
    }),
  },
  { additionalProperties: false },
);

export type ServiceAuthParams = Static<typeof serviceAuthParams>;
