import type { CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import type { LogAggregationParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final reads';

export const logEndKey = (n: number): string => `logEnd.p${n}`;
export const ackedKey = (n: number): string => `acked.p${n}`;
export const PARTITIONS = 3;

const num = (facts: RunFacts, key: string): number | undefined => {
  const v = facts[key];
  return typeof v === 'number' ? v : undefined;
};

function perPartition(facts: RunFacts, key: (n: number) => string): number[] | undefined {
  const values: number[] = [];
  for (let n = 0; n < PARTITIONS; n++) {
    const v = num(facts, key(n));
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

export const logAggregationChecks: CheckSpec<LogAggregationParams>[] = [
  {
    id: 'log-holds-every-event',
    description:
      'Each partition of the logs topic holds exactly what Kafka acknowledged to the services there',
    evaluate(run) {
      const acked = perPartition(run.facts, ackedKey);
      const ends = perPartition(run.facts, logEndKey);
      if (acked === undefined || ends === undefined) return { passed: false, detail: ENDED_EARLY };
      if (acked.every((a) => a === 0) && ends.every((e) => e === 0)) {
        return notApplicable(`no event was written (eventsPerSec ${run.params.eventsPerSec})`);
      }
      return {
        passed: acked.every((a, n) => a === ends[n]),
        detail: `acknowledged / log end: ${acked.map((a, n) => `p${n} ${a}/${ends[n]}`).join(', ')}`,
      };
    },
  },
  {
    id: 'aggregator-read-every-event',
    description: 'The aggregator read as many records as the logs topic holds',
    evaluate(run) {
      const ends = perPartition(run.facts, logEndKey);
      const consumed = num(run.facts, 'aggregatorConsumed');
      if (ends === undefined || consumed === undefined)
        return { passed: false, detail: ENDED_EARLY };
      const total = ends.reduce((a, b) => a + b, 0);
      if (total === 0 && consumed === 0) return notApplicable('the logs topic is empty');
      return { passed: consumed === total, detail: `read ${consumed}, the log holds ${total}` };
    },
  },
  {
    id: 'windows-match-tallies',
    description:
      'Window results read back from Kafka (with what the aggregator dropped as late) equal the services’ own tallies, per window, service and level',
    evaluate(run) {
      const f = run.facts;
      const tally = f['tally.digest'];
      const results = f['results.digest'];
      const tallied = num(f, 'tally.events');
      const found = num(f, 'results.events');
      const dropped = num(f, 'dropped.events') ?? 0;
      if (
        typeof tally !== 'string' ||
        typeof results !== 'string' ||
        tallied === undefined ||
        found === undefined ||
        f.resultsComplete !== true
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (tallied === 0 && found === 0)
        return notApplicable('no event was written, so no window has a count');
      const drop = run.params.latePolicy === 'drop' ? ` + ${dropped} dropped as late` : '';
      const diff = typeof f.difference === 'string' ? `; first difference ${f.difference}` : '';
      return {
        passed: tally === results,
        detail: `the services tallied ${tallied} events in ${String(f['tally.windows'])} windows; the results topic counts ${found}${drop}${tally === results ? '' : diff}`,
      };
    },
  },
];
