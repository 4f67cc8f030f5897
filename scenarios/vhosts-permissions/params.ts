import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const vhostsPermissionsParams = Type.Object(
  {
    opsPerSec: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 200,
      description:
        'Operations the tenants’ users attempt per second, going round a fixed list (declare, publish, get, connect).',
      'x-unit': 'ops/s',
      'x-live': true,
    }),
    aliceConfigure: Type.String({
      default: '^alice\\.',
      maxLength: 100,
      description:
        'The configure pattern alice gets in tenant-a (a regex matched anywhere in a queue or exchange name); ".*" lets her declare anything there.',
    }),
    auditorWrite: Type.Boolean({
      default: false,
      description: 'Give the read-only auditor write on tenant-a’s default exchange too.',
    }),
  },
  { additionalProperties: false },
);

export type VhostsPermissionsParams = Static<typeof vhostsPermissionsParams>;
