import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import type { TransactionsParams } from './params.ts';

type Run = FinishedRun<TransactionsParams>;

const ENDED_EARLY: CheckResult = {
  passed: false,
  detail: 'the run ended before Redis was read at the end',
};

function noTransfers(run: Run): CheckResult | undefined {
  return (run.summary.ops ?? 0) === 0
    ? notApplicable('no transfer completed, so no balance moved')
    : undefined;
}

export const transactionsChecks: CheckSpec<TransactionsParams>[] = [
  {
    id: 'total-conserved',
    description:
      "Redis's total of all balances at the end (a fresh MGET) is what the accounts started with: accounts × initialBalance",
    evaluate(run) {
      const none = noTransfers(run);
      if (none !== undefined) return none;
      const total = numberFact(run, 'redisTotal');
      if (total === undefined) return ENDED_EARLY;
      const expected = run.params.accounts * run.params.initialBalance;
      const naive = numberFact(run, 'ops.naive') ?? 0;
      if (naive > 0) {
        return notApplicable(
          `naive moved money in ${fmt(naive)} transfers and promises no total: Redis holds ${fmt(total)} against ${fmt(expected)} at the start`,
        );
      }
      return {
        passed: total === expected,
        detail: `Redis holds ${fmt(total)}; started with ${fmt(expected)}`,
      };
    },
  },
  {
    id: 'balances-match-tally',
    description:
      "Each balance Redis holds at the end is initialBalance plus what the workers' own tally says moved in and out of it, plus what naive writes erased (as SET … GET reported when they landed)",
    evaluate(run) {
      const none = noTransfers(run);
      if (none !== undefined) return none;
      const off = numberFact(run, 'accountsOffTally');
      const missing = numberFact(run, 'missingKeys');
      const drift = numberFact(run, 'driftFromTally');
      const erased = numberFact(run, 'erasedNet');
      if (
        off === undefined ||
        missing === undefined ||
        drift === undefined ||
        erased === undefined
      ) {
        return ENDED_EARLY;
      }
      const { accounts } = run.params;
      const lost = run.summary.lostUpdates ?? 0;
      const story =
        drift === 0 && lost === 0
          ? `every balance is exactly initial + the tally`
          : `Redis is ${fmt(drift)} away from the tally alone; the ${fmt(lost)} lost updates erased ${fmt(erased)} net`;
      return {
        passed: off === 0 && missing === 0,
        detail: `${accounts - off} of ${accounts} accounts agree${missing > 0 ? ` (${missing} keys missing)` : ''}: ${story}`,
      };
    },
  },
  {
    id: 'no-negative-balance',
    description:
      'No balance Redis holds at the end is below zero: the strategies that check and write atomically never overdraw',
    evaluate(run) {
      const none = noTransfers(run);
      if (none !== undefined) return none;
      const below = numberFact(run, 'belowZeroAccounts');
      if (below === undefined) return ENDED_EARLY;
      const incrby = numberFact(run, 'ops.incrby') ?? 0;
      if (incrby > 0) {
        return notApplicable(
          `incrby checked balances outside its MULTI in ${fmt(incrby)} transfers, so overdrafts are expected: ${fmt(run.summary.overdrafts ?? 0)} seen, ${fmt(below)} accounts below zero at the end`,
        );
      }
      return {
        passed: below === 0,
        detail: `${fmt(below)} of ${run.params.accounts} accounts below zero`,
      };
    },
  },
];
