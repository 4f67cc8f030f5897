import type { CheckResult, CheckSpec, FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import { factKeys } from './facts.ts';
import type { DeliveryMode, DeliverySemanticsParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the output was read again';

type Run = FinishedRun<DeliverySemanticsParams>;

const num = (facts: RunFacts, key: string): number | undefined => {
  const v = facts[key];
  return typeof v === 'number' ? v : undefined;
};

function perPartition(run: Run, key: (n: number) => string): number[] | undefined {
  const values: number[] = [];
  for (let n = 0; n < run.params.partitions; n++) {
    const v = num(run.facts, key(n));
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

const pairs = (a: readonly number[], b: readonly number[]): string =>
  a.map((x, n) => `p${n} ${x}/${b[n]}`).join(', ');

/** The fresh read's numbers, or undefined when it did not run to the end. */
function outcome(
  run: Run,
): { lost: number; duplicates: number; records: number; ids: number } | undefined {
  const lost = num(run.facts, 'lost');
  const duplicates = num(run.facts, 'duplicates');
  const records = num(run.facts, 'outputRecords');
  const ids = num(run.facts, 'inputIds');
  if (lost === undefined || duplicates === undefined || records === undefined || ids === undefined)
    return undefined;
  if (run.facts.outputComplete !== true) return undefined;
  return { lost, duplicates, records, ids };
}

const onlyFor = (run: Run, modes: DeliveryMode[], why: string): CheckResult | undefined =>
  modes.includes(run.params.mode) ? undefined : notApplicable(`mode ${run.params.mode}: ${why}`);

const noInput = (ids: number): CheckResult | undefined =>
  ids === 0
    ? notApplicable('no input record was written, so there is nothing to deliver')
    : undefined;

export const deliverySemanticsChecks: CheckSpec<DeliverySemanticsParams>[] = [
  {
    id: 'input-in-log',
    description:
      'Each input partition holds exactly the records Kafka acknowledged to the producer',
    evaluate(run) {
      const acked = perPartition(run, factKeys.inputAcked);
      const ends = perPartition(run, factKeys.inputLogEnd);
      if (acked === undefined || ends === undefined) return { passed: false, detail: ENDED_EARLY };
      if (acked.every((a) => a === 0) && ends.every((e) => e === 0))
        return noInput(0) as CheckResult;
      return {
        passed: acked.every((a, n) => a === ends[n]),
        detail: `acknowledged / log end: ${pairs(acked, ends)}`,
      };
    },
  },
  {
    id: 'input-consumed',
    description:
      "The processor's group committed the input up to its log end: every record was taken",
    evaluate(run) {
      const ends = perPartition(run, factKeys.inputLogEnd);
      const committed = perPartition(run, factKeys.committed);
      if (ends === undefined || committed === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (ends.every((e) => e === 0)) return noInput(0) as CheckResult;
      return {
        passed: committed.every((c, n) => c === ends[n]),
        detail: `committed / input log end: ${pairs(committed, ends)}`,
      };
    },
  },
  {
    id: 'output-matches-processor',
    description:
      'A fresh read_committed read of the output holds as many records as the processor saw written (exactly-once: committed)',
    evaluate(run) {
      const o = outcome(run);
      const counted = run.summary.output;
      if (o === undefined || counted === undefined) return { passed: false, detail: ENDED_EARLY };
      const none = noInput(o.ids);
      if (none !== undefined && o.records === 0) return none;
      return {
        passed: o.records === counted,
        detail: `the processor counted ${counted} written, the fresh read found ${o.records}`,
      };
    },
  },
  {
    id: 'no-loss',
    description: 'Every input id acknowledged to the producer is in the output',
    evaluate(run) {
      const skip = onlyFor(
        run,
        ['at-least-once', 'exactly-once'],
        'committing before processing promises no such thing',
      );
      if (skip !== undefined) return skip;
      const o = outcome(run);
      if (o === undefined) return { passed: false, detail: ENDED_EARLY };
      return (
        noInput(o.ids) ?? {
          passed: o.lost === 0,
          detail: `${o.ids} input ids, ${o.lost} missing from the output`,
        }
      );
    },
  },
  {
    id: 'no-duplicates',
    description: 'No id appears in the output more than once',
    evaluate(run) {
      const skip = onlyFor(
        run,
        ['at-most-once', 'exactly-once'],
        'processing before committing redoes work after a crash',
      );
      if (skip !== undefined) return skip;
      const o = outcome(run);
      if (o === undefined) return { passed: false, detail: ENDED_EARLY };
      return (
        noInput(o.ids) ?? {
          passed: o.duplicates === 0,
          detail: `${o.records} output records, ${o.duplicates} of them extra copies`,
        }
      );
    },
  },
  {
    id: 'duplicates-are-the-redone',
    description:
      'at-least-once: the duplicates in the output are exactly the records the processor had written but not committed when it crashed',
    evaluate(run) {
      const skip = onlyFor(run, ['at-least-once'], 'only at-least-once redoes what it wrote');
      if (skip !== undefined) return skip;
      const o = outcome(run);
      const redone = run.summary.redone;
      if (o === undefined || redone === undefined) return { passed: false, detail: ENDED_EARLY };
      return (
        noInput(o.ids) ?? {
          passed: o.duplicates === redone,
          detail: `written but uncommitted at ${run.summary.crashes ?? 0} crashes: ${redone}; extra copies in the output: ${o.duplicates}`,
        }
      );
    },
  },
  {
    id: 'losses-are-the-skipped',
    description:
      'at-most-once: the ids missing from the output are exactly the records the processor had committed but not processed when it crashed',
    evaluate(run) {
      const skip = onlyFor(run, ['at-most-once'], 'only at-most-once commits before it processes');
      if (skip !== undefined) return skip;
      const o = outcome(run);
      const skipped = run.summary.skipped;
      if (o === undefined || skipped === undefined) return { passed: false, detail: ENDED_EARLY };
      return (
        noInput(o.ids) ?? {
          passed: o.lost === skipped,
          detail: `committed but unprocessed at ${run.summary.crashes ?? 0} crashes: ${skipped}; ids missing from the output: ${o.lost}`,
        }
      );
    },
  },
  {
    id: 'aborted-hidden',
    description:
      'exactly-once: the output log holds the records of the transactions crashes left open, and read_committed hides exactly those',
    evaluate(run) {
      const skip = onlyFor(run, ['exactly-once'], 'no transactions');
      if (skip !== undefined) return skip;
      const o = outcome(run);
      const raw = num(run.facts, 'rawRecords');
      const aborted = run.summary.aborted;
      if (
        o === undefined ||
        raw === undefined ||
        aborted === undefined ||
        run.facts.rawComplete !== true
      ) {
        return { passed: false, detail: ENDED_EARLY };
      }
      if (aborted === 0 && raw === o.records) {
        return notApplicable(
          `no crash left a transaction with records in it (crashEvery ${run.params.crashEvery}, ${run.summary.crashes ?? 0} crashes)`,
        );
      }
      return {
        passed: raw - o.records === aborted,
        detail: `read_uncommitted ${raw} − read_committed ${o.records} = ${raw - o.records}; written in transactions left open by crashes: ${aborted}`,
      };
    },
  },
];
