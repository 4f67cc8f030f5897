// Each check holds what the client did or computed against what the private Redis reports:
// its own sum of MEMORY USAGE against INFO, the encodings the thresholds predict against OBJECT
// ENCODING, and the writes it had acknowledged against a fresh read.
import type { CheckSpec } from '../src/sdk/contract.ts';
import { LAYOUTS } from './params.ts';
import type { DataStructuresParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the layouts were written and measured';
/**
 * MEMORY USAGE counts a key's value, name and entry but not the keyspace table's growth nor the
 * allocator's rounding of the entry, which INFO's used_memory includes: a few percent, plus the
 * table doubling (up to 64 KB at these sizes).
 */
export const MEMORY_TOLERANCE = { share: 0.15, bytes: 64 * 1024 };

export const dataStructuresChecks: CheckSpec<DataStructuresParams>[] = [
  {
    id: 'memory-usage-matches-info',
    description:
      "Per layout, the client's sum of MEMORY USAGE over its keys is within 15% (+64 KB) of the used_memory INFO gained while it was written",
    evaluate({ facts }) {
      if (LAYOUTS.some((l) => facts[`memoryUsage.${l}`] === undefined)) {
        return { passed: false, detail: ENDED_EARLY };
      }
      const rows = LAYOUTS.map((l) => {
        const usage = Number(facts[`memoryUsage.${l}`]);
        const delta = Number(facts[`infoDelta.${l}`]);
        const ok =
          Math.abs(usage - delta) <= MEMORY_TOLERANCE.share * delta + MEMORY_TOLERANCE.bytes;
        return { l, usage, delta, ok };
      });
      return {
        passed: rows.every((r) => r.ok),
        detail: rows
          .map(
            (r) =>
              `${r.l}: MEMORY USAGE ${kb(r.usage)} / INFO +${kb(r.delta)}${r.ok ? '' : ' (off)'}`,
          )
          .join('; '),
      };
    },
  },
  {
    id: 'encodings-as-predicted',
    description:
      'Per layout, OBJECT ENCODING of every key equals what the configured listpack thresholds (CONFIG GET) predict for its size',
    evaluate({ facts }) {
      if (LAYOUTS.some((l) => facts[`encodings.${l}`] === undefined)) {
        return { passed: false, detail: ENDED_EARLY };
      }
      const rows = LAYOUTS.map((l) => ({
        l,
        seen: String(facts[`encodings.${l}`]),
        predicted: String(facts[`predicted.${l}`]),
      }));
      return {
        passed: rows.every((r) => r.seen === r.predicted),
        detail:
          `${String(facts.thresholds)}: ` +
          rows.map((r) => `${r.l} ${r.seen} (predicted ${r.predicted})`).join('; '),
      };
    },
  },
  {
    id: 'layouts-hold-the-writes',
    description:
      'A fresh read of every layout returns each object with the last value the client wrote to every field',
    evaluate({ facts }) {
      if (facts.freshReadObjects === undefined) return { passed: false, detail: ENDED_EARLY };
      const off = LAYOUTS.map((l) => [l, Number(facts[`freshReadMismatches.${l}`])] as const);
      return {
        passed: off.every(([, n]) => n === 0),
        detail:
          `${String(facts.freshReadObjects)} objects read back from each layout ` +
          `(${String(facts.updatedFields)} fields updated); differing: ` +
          off.map(([l, n]) => `${l} ${n}`).join(', '),
      };
    },
  },
];

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}
