// Each check holds what the callers sent against what a service counted itself: user-service's
// /metrics (its refusals by reason, its answers) and auth-service's /metrics (its rotations).
import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { BAD_KINDS, factKeys } from './metrics.ts';
import type { ServiceAuthParams } from './params.ts';

type Run = FinishedRun<ServiceAuthParams>;

const num = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

const ENDED_EARLY: CheckResult = {
  passed: false,
  detail: 'the run ended before the final count (user-service’s and auth-service’s /metrics)',
};

export const serviceAuthChecks: CheckSpec<ServiceAuthParams>[] = [
  {
    id: 'refusals-equal-bad-calls',
    description:
      'user-service refused exactly the bad calls, each for its own reason: its own count of refusals (shop_auth_refused_total, by reason) = the forged, expired and wrong-audience calls the attacker sent',
    evaluate(run) {
      const rows = BAD_KINDS.map((kind) => ({
        kind,
        sent: num(run, factKeys.sent(kind)),
        refused: num(run, factKeys.targetRefused(kind)),
      }));
      const missing = num(run, factKeys.targetRefused('missing'));
      if (
        rows.some((r) => r.sent === undefined || r.refused === undefined) ||
        missing === undefined
      )
        return ENDED_EARLY;
      const sent = rows.reduce((n, r) => n + (r.sent ?? 0), 0);
      const refused = rows.reduce((n, r) => n + (r.refused ?? 0), 0);
      if (sent === 0 && refused === 0 && missing === 0)
        return notApplicable(
          'the attacker sent nothing (every bad-token rate at 0, or the run ended during start-up)',
        );
      const accepted = num(run, factKeys.acceptedBad) ?? 0;
      return {
        passed: rows.every((r) => r.sent === r.refused) && missing === 0 && accepted === 0,
        detail:
          `sent / refused by user-service: ${rows.map((r) => `${r.kind} ${r.sent}/${r.refused}`).join(', ')}; missing token: ${missing}` +
          (accepted > 0 ? `; ${accepted} bad calls answered 200` : ''),
      };
    },
  },
  {
    id: 'no-legitimate-call-refused',
    description:
      'Across every key rotation, every legitimate call was answered: user-service’s own count of answered calls = the legitimate calls the callers sent, and the callers saw none refused (a token signed by the previous key verifies until it expires)',
    evaluate(run) {
      const sent = num(run, factKeys.legitSent);
      const answered = num(run, factKeys.target200);
      const refused = num(run, factKeys.legitRefused);
      if (sent === undefined || answered === undefined || refused === undefined) return ENDED_EARLY;
      if (sent === 0)
        return notApplicable(
          'no legitimate call was sent (rate 0, or the run ended during start-up)',
        );
      const rotations = num(run, factKeys.authRotations) ?? 0;
      return {
        passed: answered === sent && refused === 0,
        detail: `callers sent ${sent} legitimate calls across ${rotations} rotations; user-service answered ${answered}; the callers saw ${refused} refused`,
      };
    },
  },
  {
    id: 'rotations-seen-by-callers',
    description:
      'The callers saw every rotation: key changes in their tokens’ kid = the rotations auth-service counted itself (shop_auth_key_rotations_total)',
    evaluate(run) {
      const seen = num(run, factKeys.kidChanges);
      const counted = num(run, factKeys.authRotations);
      if (seen === undefined || counted === undefined) return ENDED_EARLY;
      if (counted === 0 && seen === 0)
        return notApplicable(
          'auth-service did not rotate (the run ended before the first rotation)',
        );
      return {
        passed: seen === counted,
        detail: `kid changes the callers saw: ${seen}; rotations auth-service counted: ${counted} (of ${num(run, factKeys.rotateCalls) ?? '?'} asked)`,
      };
    },
  },
];
