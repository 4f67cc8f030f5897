// Each check holds what the clients counted against what the broker itself wrote down: its log
// end offsets (admin API) and the authorizer's and the server's own log lines.
import { notApplicable } from '../src/sdk/index.ts';
import type { CheckSpec } from '../src/sdk/index.ts';
import type { AccessControlParams } from './params.ts';

export const accessControlChecks: CheckSpec<AccessControlParams>[] = [
  {
    id: 'allowed-writes-in-the-log',
    description: "alice's acknowledged writes equal the orders topic's log end offset (admin API)",
    evaluate({ summary, facts }) {
      const allowed = summary.allowed ?? 0;
      const end = Number(facts.ordersEnd);
      if (allowed === 0 && end === 0) return notApplicable('alice wrote nothing (writesPerSec 0)');
      return { passed: allowed === end, detail: `alice acknowledged ${allowed}, log end ${end}` };
    },
  },
  {
    id: 'bob-read-every-order',
    description: 'bob, allowed to read orders, consumed as many records as its log holds',
    evaluate({ summary, facts }) {
      const consumed = summary.consumed ?? 0;
      const end = Number(facts.ordersEnd);
      if (end === 0) return notApplicable('the orders topic stayed empty');
      return { passed: consumed === end, detail: `bob consumed ${consumed}, log end ${end}` };
    },
  },
  {
    id: 'refusals-match-authorizer-log',
    description:
      "The clients' TOPIC_AUTHORIZATION_FAILED count equals the authorizer's DENIED lines",
    evaluate({ summary, facts }) {
      const denied = summary.denied ?? 0;
      const lines = Number(facts.deniedLines);
      if (denied === 0 && lines === 0) {
        return notApplicable('nothing was refused (no snoops, or bob was granted payroll)');
      }
      return {
        passed: denied === lines,
        detail: `clients were refused ${denied} times, the authorizer logged ${lines} DENIED lines`,
      };
    },
  },
  {
    id: 'bad-logins-match-server-log',
    description: 'Logins the clients saw refused equal the broker\'s "Failed authentication" lines',
    evaluate({ summary, facts }) {
      const failures = summary.authFailures ?? 0;
      const lines = Number(facts.authFailureLines);
      if (failures === 0 && lines === 0) return notApplicable('no wrong password was tried');
      return {
        passed: failures === lines,
        detail: `clients saw ${failures} refused logins, the server logged ${lines}`,
      };
    },
  },
];
