import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const accessControlParams = Type.Object(
  {
    writesPerSec: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 200,
      description: 'Records per second alice writes to the orders topic (her ACL allows it).',
      'x-unit': 'records/s',
      'x-live': true,
    }),
    snoopsPerSec: Type.Integer({
      default: 2,
      minimum: 0,
      maximum: 10,
      description:
        'Times per second bob, a consumer allowed to read orders, tries to subscribe to payroll.',
      'x-unit': 'tries/s',
      'x-live': true,
    }),
    badLoginsPerSec: Type.Integer({
      default: 1,
      minimum: 0,
      maximum: 10,
      description: 'Times per second a client logs in as alice with a guessed password.',
      'x-unit': 'tries/s',
      'x-live': true,
    }),
    grantPayroll: Type.Boolean({
      default: false,
      description:
        'An ACL allowing bob to READ payroll: added when turned on, deleted when turned off.',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type AccessControlParams = Static<typeof accessControlParams>;
