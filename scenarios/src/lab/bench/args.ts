// bench:lab's arguments, checked into what the command needs or one line saying what is wrong
// (the command exits 2 with it). Apart from cli.ts so it is tested without a process.
import { parseArgs } from 'node:util';
import { CASES } from './cases.ts';
import type { BenchCase, CaseId } from './cases.ts';

export const BENCH_USAGE =
  'usage: npm run bench:lab -- [--cases kafka,kafka-batched,rabbitmq,rabbitmq-confirms,redis-xadd,redis-publish] [--seconds 10] [--producers 1,2] [--rounds n] [--threads n] [--lab-only] [--json file]';

export const DEFAULT_JSON = '.playground/bench-lab.json';

export interface BenchArgs {
  cases: BenchCase[];
  seconds: number;
  /** Times the whole set is run, for medians (1 to 5). */
  rounds: number;
  /** Overrides each case's lab producer counts. */
  producers?: number[];
  threads?: number;
  /** Our side only (to profile it): no tool run, no ratio. */
  labOnly: boolean;
  json: string;
  help: boolean;
}

export type ParsedBenchArgs = { ok: true; args: BenchArgs } | { ok: false; error: string };

const bad = (error: string): ParsedBenchArgs => ({ ok: false, error: `${error} (${BENCH_USAGE})` });

function whole(text: string, min: number, max: number): number | undefined {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? n : undefined;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseBenchArgs(argv: string[]): ParsedBenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        cases: { type: 'string' },
        seconds: { type: 'string' },
        rounds: { type: 'string' },
        producers: { type: 'string' },
        threads: { type: 'string' },
        json: { type: 'string' },
        'lab-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return bad((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const args: BenchArgs = {
    cases: [...CASES],
    seconds: 10,
    rounds: 1,
    json: DEFAULT_JSON,
    labOnly: values['lab-only'] === true,
    help: false,
  };
  if (values.help === true) return { ok: true, args: { ...args, help: true } };
  if (typeof values.cases === 'string') {
    const asked = list(values.cases);
    const unknown = asked.find((id) => !CASES.some((c) => c.id === id));
    if (asked.length === 0) return bad('--cases takes a comma-separated list');
    if (unknown !== undefined) {
      return bad(`unknown case "${unknown}"; valid: ${CASES.map((c) => c.id).join(', ')}`);
    }
    args.cases = CASES.filter((c) => asked.includes(c.id as CaseId));
  }
  if (typeof values.seconds === 'string') {
    const s = whole(values.seconds, 1, 120);
    if (s === undefined)
      return bad(`--seconds: a whole number from 1 to 120 (got "${values.seconds}")`);
    args.seconds = s;
  }
  if (typeof values.rounds === 'string') {
    const r = whole(values.rounds, 1, 5);
    if (r === undefined)
      return bad(`--rounds: a whole number from 1 to 5 (got "${values.rounds}")`);
    args.rounds = r;
  }
  if (typeof values.producers === 'string') {
    const counts = list(values.producers).map((p) => whole(p, 1, 16));
    if (counts.length === 0 || counts.some((n) => n === undefined)) {
      return bad(
        `--producers: whole numbers from 1 to 16, comma-separated (got "${values.producers}")`,
      );
    }
    args.producers = [...new Set(counts as number[])];
  }
  if (typeof values.threads === 'string') {
    const t = whole(values.threads, 0, 16);
    if (t === undefined)
      return bad(`--threads: a whole number from 0 (this thread) to 16 (got "${values.threads}")`);
    args.threads = t;
  }
  if (typeof values.json === 'string') {
    if (values.json === '') return bad('--json needs a file name');
    args.json = values.json;
  }
  return { ok: true, args };
}
