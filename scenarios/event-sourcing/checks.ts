import type { CheckResult, CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys, sides } from './facts.ts';
import type { EventSourcingParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final reads of the log';

type Side = (typeof sides)[keyof typeof sides];

interface Described {
  digest: string;
  balance: number;
  events: number;
  accounts: number;
}

function sideOf(facts: RunFacts, side: Side): Described | undefined {
  const digest = facts[side.digest];
  const balance = facts[side.balance];
  const events = facts[side.events];
  const accounts = facts[side.accounts];
  if (typeof digest !== 'string' || typeof balance !== 'number') return undefined;
  if (typeof events !== 'number' || typeof accounts !== 'number') return undefined;
  return { digest, balance, events, accounts };
}

const show = (name: string, s: Described): string =>
  `${name}: ${s.accounts} accounts, ${s.events} events, total ${s.balance}`;

/** Two descriptions of the balances agree account by account (their digests match). */
function compare(
  facts: RunFacts,
  [aName, a]: [string, Side],
  [bName, b]: [string, Side],
  difference: string,
  complete: string | undefined,
): CheckResult {
  const x = sideOf(facts, a);
  const y = sideOf(facts, b);
  if (x === undefined || y === undefined) return { passed: false, detail: ENDED_EARLY };
  if (x.events === 0 && y.events === 0) {
    return notApplicable(`no events on either side (${aName}, ${bName}): nothing to compare`);
  }
  const whole = complete === undefined || facts[complete] === true;
  const passed = whole && x.digest === y.digest;
  const diff = facts[difference];
  return {
    passed,
    detail: `${show(aName, x)}; ${show(bName, y)}${whole ? '' : ` (the read did not reach the log end)`}${passed || typeof diff !== 'string' ? '' : `; first difference ${diff}`}`,
  };
}

export const eventSourcingChecks: CheckSpec<EventSourcingParams>[] = [
  {
    id: 'log-holds-every-event',
    description: 'Each partition’s log end equals the events Kafka acknowledged to the bank there',
    evaluate(run) {
      const acked: number[] = [];
      const ends: number[] = [];
      for (let n = 0; n < run.params.partitions; n++) {
        const a = run.facts[factKeys.acked(n)];
        const e = run.facts[factKeys.logEnd(n)];
        if (typeof a !== 'number' || typeof e !== 'number')
          return { passed: false, detail: ENDED_EARLY };
        acked.push(a);
        ends.push(e);
      }
      if (acked.every((a) => a === 0) && ends.every((e) => e === 0)) {
        return notApplicable(`no event was written (eventsPerSec ${run.params.eventsPerSec})`);
      }
      return {
        passed: acked.every((a, n) => a === ends[n]),
        detail: `per partition, acknowledged / log end: ${acked.map((a, n) => `p${n} ${a}/${ends[n]}`).join(', ')}`,
      };
    },
  },
  {
    id: 'rebuild-equals-ledger',
    description:
      'A fresh replay of the whole log from offset 0 gives every account the balance and event count in the bank’s own ledger',
    evaluate: (run) =>
      compare(
        run.facts,
        ['replay', sides.rebuilt],
        ['ledger', sides.ledger],
        'difference.rebuiltLedger',
        'rebuiltComplete',
      ),
  },
  {
    id: 'live-view-equals-rebuild',
    description:
      'The live view, rebuilt during the run and then kept up to date, holds exactly what the fresh replay holds',
    evaluate(run) {
      const result = compare(
        run.facts,
        ['live view', sides.live],
        ['replay', sides.rebuilt],
        'difference.liveRebuilt',
        'liveReachedEnd',
      );
      const generations = run.facts.generations;
      if (result.notApplicable || typeof generations !== 'number') return result;
      return {
        ...result,
        detail: `${result.detail}; the view was built ${generations} time${generations === 1 ? '' : 's'}`,
      };
    },
  },
  {
    id: 'as-of-equals-ledger-then',
    description:
      'Balances rebuilt as of asOfSecAgo before the end, from offsets found by timestamp, equal the bank’s ledger at that moment',
    evaluate(run) {
      if (run.params.asOfSecAgo === 0) {
        return notApplicable('asOfSecAgo is 0: no rebuild as of an earlier moment was asked for');
      }
      return compare(
        run.facts,
        ['as-of view', sides.asOfView],
        ['ledger then', sides.asOfLedger],
        'difference.asOf',
        'asOfComplete',
      );
    },
  },
];
