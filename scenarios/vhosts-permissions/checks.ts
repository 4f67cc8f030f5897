// The broker's answers (what the users were refused) against the broker's listed permissions
// (rabbitmqctl list_permissions) run through RabbitMQ's rules: two readings of the same node.
import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import type { VhostsPermissionsParams } from './params.ts';
import { OPERATIONS } from './tenants.ts';

export const vhostsPermissionsChecks: CheckSpec<VhostsPermissionsParams>[] = [
  {
    id: 'refusals-as-permissions-predict',
    description:
      'The users were refused exactly what the permissions RabbitMQ lists predict, operation by operation, and allowed the rest',
    evaluate(run) {
      const attempts = numberFact(run, 'attempts');
      if (attempts === undefined || attempts === 0) {
        return notApplicable('the run ended before any attempt');
      }
      const parts = OPERATIONS.map((op) => {
        const got = run.summary[`refused.${op}`] ?? 0;
        const want = numberFact(run, `predictedRefused.${op}`) ?? 0;
        return { ok: got === want, text: `${op} ${got}/${want}` };
      });
      const unexpected = run.summary.unexpected ?? 0;
      const refused = run.summary.refused ?? 0;
      const predicted = numberFact(run, 'predictedRefused') ?? 0;
      return {
        passed: parts.every((p) => p.ok) && refused === predicted && unexpected === 0,
        detail: `refused/predicted: ${parts.map((p) => p.text).join(', ')}; ${refused} of ${attempts} refused, ${predicted} predicted, ${unexpected} answers not as predicted`,
      };
    },
  },
  {
    id: 'refusals-are-refusals',
    description:
      'Every attempt was allowed or refused by the permission system (ACCESS_REFUSED, NOT_ALLOWED): no other error',
    evaluate(run) {
      const attempts = numberFact(run, 'attempts');
      if (attempts === undefined || attempts === 0) {
        return notApplicable('the run ended before any attempt');
      }
      const allowed = run.summary.allowed ?? 0;
      const refused = run.summary.refused ?? 0;
      const errors = run.summary.errors ?? 0;
      return {
        passed: errors === 0 && allowed + refused === attempts,
        detail: `${attempts} attempts: ${allowed} allowed, ${refused} refused, ${errors} other errors`,
      };
    },
  },
];
