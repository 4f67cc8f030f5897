// Each check holds what the clients saw against what the private Redis reports: ACL LOG, INFO
// commandstats and errorstats, and a fresh read of the other tenant's keys.
import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { LOGGED_REASONS } from './acl.ts';
import type { AccessControlParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the server was read';

export const accessControlChecks: CheckSpec<AccessControlParams>[] = [
  {
    id: 'refusals-match-acl-log',
    description:
      'The refusals the clients saw, per reason (command, key, channel, auth), equal the ACL LOG entries summed by their count',
    evaluate({ summary, facts }) {
      if (facts.aclLogEntries === undefined) return { passed: false, detail: ENDED_EARLY };
      const pairs = LOGGED_REASONS.map((r) => ({
        reason: r,
        seen: summary[`denied.${r}`] ?? 0,
        logged: Number(facts[`aclLog.${r}`] ?? 0),
      }));
      if (pairs.every((x) => x.seen === 0 && x.logged === 0)) {
        return notApplicable('nothing was refused for a reason ACL LOG records');
      }
      const full = Number(facts.aclLogEntries) >= Number(facts.aclLogMax);
      return {
        passed: !full && pairs.every((x) => x.seen === x.logged),
        detail:
          `clients / ACL LOG: ${pairs.map((x) => `${x.reason} ${x.seen}/${x.logged}`).join(', ')}` +
          ` (${String(facts.aclLogEntries)} entries; by user: ${String(facts.aclLogUsers)})` +
          (full ? '; the log is full, older entries were dropped' : ''),
      };
    },
  },
  {
    id: 'server-counts-agree',
    description:
      'What Redis ran and refused (INFO commandstats calls; errorstats NOPERM, WRONGPASS, NOAUTH) equals what the app and the intruder counted',
    evaluate({ summary, facts }) {
      if (facts.serverCalls === undefined) return { passed: false, detail: ENDED_EARLY };
      if ((summary.requests ?? 0) + (summary.logins ?? 0) === 0) {
        return notApplicable('no request was sent (both rates at 0)');
      }
      const ran = (summary.allowed ?? 0) + (summary.intruderIn ?? 0);
      const noperm =
        (summary['denied.command'] ?? 0) +
        (summary['denied.key'] ?? 0) +
        (summary['denied.channel'] ?? 0);
      const rows: [string, number, number][] = [
        ['ran', ran, Number(facts.serverCalls)],
        ['NOPERM', noperm, Number(facts['errorstat.NOPERM'])],
        ['WRONGPASS', summary['denied.auth'] ?? 0, Number(facts['errorstat.WRONGPASS'])],
        ['NOAUTH', summary['denied.noauth'] ?? 0, Number(facts['errorstat.NOAUTH'])],
      ];
      return {
        passed: rows.every(([, clients, server]) => clients === server),
        detail: `clients / INFO: ${rows.map(([n, c, s]) => `${n} ${c}/${s}`).join(', ')}`,
      };
    },
  },
  {
    id: 'billing-keys-fresh-read',
    description:
      "The other tenant's keys a fresh read finds changed are exactly those the app's accepted writes touched",
    evaluate({ facts }) {
      if (facts.billingChanged === undefined) return { passed: false, detail: ENDED_EARLY };
      const attempts = Number(facts.foreignWriteAttempts);
      if (attempts === 0) return notApplicable("the app never tried to write another tenant's key");
      const written = Number(facts.foreignKeysWritten);
      const changed = Number(facts.billingChanged);
      return {
        passed: written === changed,
        detail: `${attempts} writes tried; the app saw ${written} keys written, a fresh read finds ${changed} changed`,
      };
    },
  },
];
