import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { deliverySemanticsChecks } from './checks.ts';
import { factKeys } from './facts.ts';
import type { DeliveryMode, DeliverySemanticsParams } from './params.ts';

const params: DeliverySemanticsParams = {
  mode: 'at-least-once',
  inputPerSec: 100,
  crashEvery: 100,
  commitEvery: 20,
  partitions: 2,
};

interface Numbers {
  lost: number;
  duplicates: number;
  records: number;
  raw: number;
  output: number;
  redone: number;
  skipped: number;
  aborted: number;
}

/** 200 input ids over two partitions, and what the reads and the processor say. */
function finished(
  mode: DeliveryMode,
  n: Partial<Numbers>,
  change: (facts: RunFacts) => void = () => undefined,
): FinishedRun<DeliverySemanticsParams> {
  const v: Numbers = {
    lost: 0,
    duplicates: 0,
    records: 200,
    raw: 200,
    output: 200,
    redone: 0,
    skipped: 0,
    aborted: 0,
    ...n,
  };
  const facts: RunFacts = {
    inputIds: 200,
    outputRecords: v.records,
    outputComplete: true,
    rawRecords: v.raw,
    rawComplete: true,
    lost: v.lost,
    duplicates: v.duplicates,
  };
  for (const p of [0, 1]) {
    facts[factKeys.inputAcked(p)] = 100;
    facts[factKeys.inputLogEnd(p)] = 100;
    facts[factKeys.committed(p)] = 100;
  }
  change(facts);
  return {
    params: { ...params, mode },
    summary: {
      output: v.output,
      redone: v.redone,
      skipped: v.skipped,
      aborted: v.aborted,
      crashes: 2,
    },
    facts,
    durationMs: 3000,
  };
}

const evaluate = (id: string, run: FinishedRun<DeliverySemanticsParams>): string => {
  const check = deliverySemanticsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('delivery-semantics checks', () => {
  it('at-least-once: fail on a lost id, or duplicates other than the redone records', () => {
    const ok = { duplicates: 12, records: 212, raw: 212, output: 212, redone: 12 };
    expect(evaluate('no-loss', finished('at-least-once', ok))).toBe('passed');
    expect(evaluate('duplicates-are-the-redone', finished('at-least-once', ok))).toBe('passed');
    expect(evaluate('no-loss', finished('at-least-once', { ...ok, lost: 1 }))).toBe('failed');
    expect(
      evaluate('duplicates-are-the-redone', finished('at-least-once', { ...ok, duplicates: 13 })),
    ).toBe('failed');
    expect(evaluate('no-duplicates', finished('at-least-once', ok))).toBe('not-applicable');
    expect(evaluate('losses-are-the-skipped', finished('at-least-once', ok))).toBe(
      'not-applicable',
    );
  });

  it('at-most-once: fail on a duplicate, or losses other than the skipped records', () => {
    const ok = { lost: 9, records: 191, raw: 191, output: 191, skipped: 9 };
    expect(evaluate('no-duplicates', finished('at-most-once', ok))).toBe('passed');
    expect(evaluate('losses-are-the-skipped', finished('at-most-once', ok))).toBe('passed');
    expect(evaluate('no-duplicates', finished('at-most-once', { ...ok, duplicates: 1 }))).toBe(
      'failed',
    );
    expect(
      evaluate('losses-are-the-skipped', finished('at-most-once', { ...ok, skipped: 8 })),
    ).toBe('failed');
    expect(evaluate('no-loss', finished('at-most-once', ok))).toBe('not-applicable');
  });

  it('exactly-once: fail when read_committed shows other than the aborted records hidden', () => {
    const ok = { raw: 215, aborted: 15 };
    for (const id of ['no-loss', 'no-duplicates', 'aborted-hidden']) {
      expect(evaluate(id, finished('exactly-once', ok)), id).toBe('passed');
    }
    expect(evaluate('aborted-hidden', finished('exactly-once', { ...ok, raw: 214 }))).toBe(
      'failed',
    );
    expect(evaluate('no-duplicates', finished('exactly-once', { ...ok, duplicates: 1 }))).toBe(
      'failed',
    );
    expect(evaluate('aborted-hidden', finished('exactly-once', {}))).toBe('not-applicable');
    expect(evaluate('aborted-hidden', finished('at-least-once', ok))).toBe('not-applicable');
  });

  it('fail on the log, the commits or the output count disagreeing with the clients', () => {
    expect(
      evaluate(
        'input-in-log',
        finished('exactly-once', {}, (f) => (f[factKeys.inputLogEnd(1)] = 99)),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'input-consumed',
        finished('exactly-once', {}, (f) => (f[factKeys.committed(0)] = 90)),
      ),
    ).toBe('failed');
    expect(evaluate('output-matches-processor', finished('exactly-once', { output: 199 }))).toBe(
      'failed',
    );
    expect(
      evaluate(
        'no-loss',
        finished('exactly-once', {}, (f) => (f.outputComplete = false)),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'input-consumed',
        finished('exactly-once', {}, (f) => delete f[factKeys.committed(1)]),
      ),
    ).toBe('failed');
  });
});
