// The compare CLI's arguments, checked into what runComparison needs, or one line saying what
// is wrong (the CLI exits 2 with it). Kept apart from cli.ts so it is tested without a process.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLUSTER_TARGET_IDS, TARGET_IDS } from './target.ts';
import type { TargetId } from './target.ts';
import { availableTargets } from './targets/index.ts';
import { WorkloadError, parseWorkload } from './workload.ts';
import type { Workload } from './workload.ts';
import { shippedWorkloads } from './workloads.ts';

export const USAGE =
  'usage: npm run compare -- <workload name or file> [--targets a,b] [--duration s] [--json file] [--csv file] [--threads n]';

export interface CompareArgs {
  workload: Workload;
  targets: TargetId[];
  json?: string;
  csv?: string;
  threads?: number;
  help: boolean;
}

export type ParsedArgs = { ok: true; args: CompareArgs } | { ok: false; error: string };

const bad = (error: string): ParsedArgs => ({ ok: false, error: `${error} (${USAGE})` });

function wholeNumber(text: string, min: number, max: number): number | undefined {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? n : undefined;
}

function readWorkload(ref: string): Workload | string {
  const shipped = shippedWorkloads().find((w) => w.name === ref);
  if (shipped !== undefined) return structuredClone(shipped);
  if (!existsSync(ref)) {
    const names = shippedWorkloads()
      .map((w) => w.name)
      .join(', ');
    return `no workload "${ref}": neither a shipped one (${names}) nor a file`;
  }
  try {
    return parseWorkload(readFileSync(ref, 'utf8'), ref);
  } catch (error) {
    if (error instanceof WorkloadError) return error.message;
    return `cannot read ${ref}: ${(error as Error).message}`;
  }
}

export function parseCompareArgs(argv: string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        targets: { type: 'string', short: 't' },
        duration: { type: 'string', short: 'd' },
        json: { type: 'string' },
        csv: { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return bad((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const available = availableTargets();
  if (values.help === true) {
    return {
      ok: true,
      args: { workload: shippedWorkloads()[0]!, targets: available, help: true },
    };
  }
  const [ref, extra] = positionals;
  if (ref === undefined) return bad('which workload? name a shipped one or a file');
  if (extra !== undefined) return bad(`unexpected argument "${extra}"`);
  const workload = readWorkload(ref);
  if (typeof workload === 'string') return bad(workload);

  // By default every single-broker target; a cluster variant starts only when named.
  let targets: TargetId[] = available.filter((t) => !CLUSTER_TARGET_IDS.includes(t));
  if (typeof values.targets === 'string') {
    const asked = values.targets
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (asked.length === 0) return bad('--targets takes a comma-separated list');
    const unknown = asked.find((t) => !(TARGET_IDS as readonly string[]).includes(t));
    if (unknown !== undefined)
      return bad(`unknown target "${unknown}"; valid: ${TARGET_IDS.join(', ')}`);
    const missing = asked.find((t) => !available.includes(t as TargetId));
    if (missing !== undefined)
      return bad(
        `target "${missing}" is not available yet; available: ${available.join(', ') || 'none'}`,
      );
    targets = [...new Set(asked as TargetId[])];
  }
  if (targets.length === 0) return bad('no target is available yet');

  if (typeof values.duration === 'string') {
    const seconds = wholeNumber(values.duration, 1, 600);
    if (seconds === undefined)
      return bad(
        `--duration must be a whole number of seconds from 1 to 600 (got "${values.duration}")`,
      );
    workload.testDurationSeconds = seconds;
  }
  let threads: number | undefined;
  if (typeof values.threads === 'string') {
    threads = wholeNumber(values.threads, 0, 16);
    if (threads === undefined)
      return bad(`--threads must be a whole number from 0 to 16 (got "${values.threads}")`);
  }
  for (const flag of ['json', 'csv'] as const) {
    if (values[flag] === '') return bad(`--${flag} needs a file name`);
  }
  return {
    ok: true,
    args: {
      workload,
      targets,
      help: false,
      ...(typeof values.json === 'string' ? { json: values.json } : {}),
      ...(typeof values.csv === 'string' ? { csv: values.csv } : {}),
      ...(threads === undefined ? {} : { threads }),
    },
  };
}
