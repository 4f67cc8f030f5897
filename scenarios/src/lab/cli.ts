// `npm run compare -- <workload> [--targets kafka,rabbitmq-quorum] [--duration s] [--json f]
// [--csv f]`: one workload on each target in turn, a progress line per target and phase
// (rewritten in place on a terminal), a table at the end, the result saved with the others in
// .playground/lab.sqlite. Exit 0 when every target completed (or was unsupported, which the
// table says), 1 when one failed or the run was stopped, 2 for bad arguments.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAYGROUND_DIR } from '../../../infrastructure/launcher/paths.ts';
import { addressesFromEnv } from '../engine/addresses.ts';
import { RunJournal } from '../engine/journal.ts';
import { USAGE, parseCompareArgs } from './cli-args.ts';
import { comparisonCsv, comparisonTable, formatProgress } from './report-format.ts';
import { runComparison } from './runner.ts';
import { LabStore } from './store.ts';
import { TARGET_IDS } from './target.ts';
import { availableTargets } from './targets/index.ts';
import { shippedWorkloads } from './workloads.ts';

const parsed = parseCompareArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`compare: ${parsed.error}\n`);
  process.exit(2);
}
const { args } = parsed;
if (args.help) {
  const available = new Set(availableTargets());
  process.stdout.write(
    `${USAGE}\n\nworkloads:\n${shippedWorkloads()
      .map((w) => `  ${w.name.padEnd(18)} ${w.description.trim()}`)
      .join(
        '\n',
      )}\n\ntargets: ${TARGET_IDS.map((t) => (available.has(t) ? t : `${t} (not yet)`)).join(', ')}\n`,
  );
  process.exit(0);
}

const { workload } = args;
const tty = process.stdout.isTTY === true;
const stop = new AbortController();
process.once('SIGINT', () => {
  process.stdout.write('\nstopping (the current target is torn down first)…\n');
  stop.abort();
});
process.stdout.write(
  `${workload.name}: ${workload.testDurationSeconds} s measured after ${workload.warmupDurationSeconds} s warm-up, ` +
    `on ${args.targets.join(', ')} (one at a time)\n`,
);

let lastKey = '';
const result = await runComparison({
  workload,
  targets: args.targets,
  addresses: addressesFromEnv(),
  signal: stop.signal,
  journal: new RunJournal(join(PLAYGROUND_DIR, 'runs')),
  ...(args.threads === undefined ? {} : { threads: args.threads }),
  onProgress: (p) => {
    const line = formatProgress(p);
    // On a terminal one line per phase, rewritten each second; in a log, one per phase.
    const key = `${p.target}/${p.phase}`;
    if (tty) process.stdout.write(`${key === lastKey ? '\r\x1b[2K' : '\n'}${line}`);
    else if (key !== lastKey) process.stdout.write(`${line}\n`);
    lastKey = key;
  },
});
process.stdout.write(`${tty ? '\n' : ''}\n${comparisonTable(result)}\n`);

const store = new LabStore();
store.save(result);
store.close();
process.stdout.write(`\nsaved as ${result.id} (${store.file})\n`);
if (args.json !== undefined) {
  writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`JSON written to ${args.json}\n`);
}
if (args.csv !== undefined) {
  writeFileSync(args.csv, comparisonCsv(result));
  process.stdout.write(`CSV written to ${args.csv}\n`);
}
const failed = result.targets.some((t) => t.status === 'failed' || t.status === 'stopped');
process.exit(failed || result.state === 'stopped' ? 1 : 0);
