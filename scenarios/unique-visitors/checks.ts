import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { UniqueVisitorsParams } from './params.ts';

type Run = FinishedRun<UniqueVisitorsParams>;

/** Three of Redis's standard errors (0.81%): a dense HyperLogLog is outside it once in 370. */
export const HLL_ERROR_BOUND_PCT = 2.5;
/**
 * The most a HyperLogLog may take: 16,384 registers of 6 bits (12,288 bytes) and a 16-byte
 * header, in the allocator's next size class, plus the key's own overhead.
 */
export const HLL_MAX_BYTES = 16 * 1024;

/** The facts a check needs, or the reason it cannot judge. */
function needs<K extends string[]>(run: Run, ...keys: K): { [I in keyof K]: number } | CheckResult {
  const values = keys.map((k) => numberFact(run, k));
  if (values.some((v) => v === undefined))
    return { passed: false, detail: 'the run ended before Redis was read at the end' };
  if (numberFact(run, 'clientDistinct') === 0)
    return notApplicable('no visit reached Redis (visitsPerSec 0 or stopped at once)');
  return values as { [I in keyof K]: number };
}

export const uniqueVisitorsChecks: CheckSpec<UniqueVisitorsParams>[] = [
  {
    id: 'set-counts-every-visitor',
    description:
      'SCARD of the set = the different visitor ids the client had acknowledged by Redis (counted client-side)',
    evaluate(run) {
      const got = needs(run, 'scard', 'clientDistinct');
      if (!Array.isArray(got)) return got;
      const [scard, distinct] = got;
      return {
        passed: scard === distinct,
        detail: `SCARD ${scard}; the client sent ${distinct} different visitors`,
      };
    },
  },
  {
    id: 'bitmap-counts-every-visitor',
    description:
      'BITCOUNT of the bitmap = the different visitor ids the client had acknowledged by Redis (counted client-side)',
    evaluate(run) {
      const got = needs(run, 'bitcount', 'clientDistinct');
      if (!Array.isArray(got)) return got;
      const [bitcount, distinct] = got;
      return {
        passed: bitcount === distinct,
        detail: `BITCOUNT ${bitcount}; the client sent ${distinct} different visitors`,
      };
    },
  },
  {
    id: 'hll-within-error',
    description: `PFCOUNT is within ${HLL_ERROR_BOUND_PCT}% (about three standard errors) of the different visitors the client sent`,
    evaluate(run) {
      const got = needs(run, 'pfcount', 'clientDistinct');
      if (!Array.isArray(got)) return got;
      const [pfcount, distinct] = got;
      const pct = ((pfcount - distinct) / distinct) * 100;
      return {
        passed: Math.abs(pct) <= HLL_ERROR_BOUND_PCT,
        detail: `PFCOUNT ${pfcount}; the client sent ${distinct} different visitors: ${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`,
      };
    },
  },
  {
    id: 'hll-memory-bounded',
    description: `Redis's MEMORY USAGE of the HyperLogLog stays within ${HLL_MAX_BYTES / 1024} KB (12 KB of registers), however many visitors it counted`,
    evaluate(run) {
      const got = needs(run, 'bytesHll', 'bytesSet', 'scard');
      if (!Array.isArray(got)) return got;
      const [hll, set, scard] = got;
      return {
        passed: hll <= HLL_MAX_BYTES,
        detail: `HyperLogLog ${hll} bytes (at most ${HLL_MAX_BYTES}); the set holding ${scard} visitors takes ${set}`,
      };
    },
  },
  {
    id: 'bitmap-size-follows-largest-id',
    description:
      "The bitmap's length in Redis (STRLEN) is one byte per 8 possible ids up to the largest id the client sent, whatever the count",
    evaluate(run) {
      const got = needs(run, 'bitmapLength', 'clientMaxOffset', 'clientDistinct');
      if (!Array.isArray(got)) return got;
      const [length, maxOffset, distinct] = got;
      const expected = Math.floor(maxOffset / 8) + 1;
      return {
        passed: length === expected,
        detail: `STRLEN ${length} bytes; the largest offset sent is ${maxOffset}, so ${expected} bytes, for ${distinct} visitors`,
      };
    },
  },
];
