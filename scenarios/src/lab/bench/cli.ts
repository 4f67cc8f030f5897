// `npm run bench:lab`: for each broker, its own load generator and then the comparison lab's, at
// the same message size and durability, one after the other in one run (never two loads at
// once), each for about --seconds; a table of the tool's rate, ours and their ratio, and the
// whole result as JSON in .playground/bench-lab.json. Exit 0 when every side ran, 1 when one
// failed (the table says which and why), 2 for bad arguments.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findBinary, run } from '../../../../infrastructure/launcher/process.ts';
import { PLAYGROUND_DIR, REPO_ROOT } from '../../../../infrastructure/launcher/paths.ts';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { RunJournal } from '../../engine/journal.ts';
import { newRunId } from '../../engine/run.ts';
import { BENCH_USAGE, DEFAULT_JSON, parseBenchArgs } from './args.ts';
import { CASES, toolPerProducerCount } from './cases.ts';
import { ensureLabTools } from './lab-tools.ts';
import { runLabSide } from './lab-side.ts';
import { roundsMarkdown, summarizeRounds } from './rounds.ts';
import { GOAL_RATIO, benchTable, row } from './table.ts';
import type { BenchResult, BenchRow, Failed } from './table.ts';
import { runToolSide } from './tool-side.ts';
import type { ToolMeasurement } from './tool-side.ts';

const parsed = parseBenchArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`bench:lab: ${parsed.error}\n`);
  process.exit(2);
}
const { args } = parsed;
if (args.help) {
  process.stdout.write(
    `${BENCH_USAGE}\n\ncases:\n${CASES.map((c) => `  ${c.id.padEnd(18)} ${c.title}`).join('\n')}\n`,
  );
  process.exit(0);
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

const stop = new AbortController();
process.once('SIGINT', () => {
  say('\nstopping after the current side (its topic, queue or key is deleted first)…');
  stop.abort();
});

const needsJava = !args.labOnly && args.cases.some((c) => c.tool !== 'redis-benchmark');
if (needsJava && findBinary('java') === undefined) {
  process.stderr.write('bench:lab: java is not on PATH (Kafka’s and RabbitMQ’s tools need it)\n');
  process.exit(1);
}
const needsRedisBenchmark = !args.labOnly && args.cases.some((c) => c.tool === 'redis-benchmark');
if (needsRedisBenchmark && !findBinary('redis-benchmark')) {
  process.stderr.write(
    'bench:lab: redis-benchmark is not installed (apt-get install redis-tools)\n',
  );
  process.exit(1);
}
const classPath = needsJava ? await ensureLabTools(say) : '';
const java = needsJava
  ? ((await run('java', ['-version'], { timeoutMs: 10_000 })).stderr.split('\n')[0] ?? '?')
  : '–';

const addresses = addressesFromEnv();
const journal = new RunJournal(join(PLAYGROUND_DIR, 'runs'));
const benchId = `bench-${newRunId().slice(0, 6)}`;
const startedAt = new Date().toISOString();
const loadAvgAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
say(
  `bench:lab ${benchId}: ${args.cases.map((c) => c.id).join(', ')}; each side ~${args.seconds} s; ` +
    `load average ${loadAvgAtStart.join(' ')} on ${availableParallelism()} cores`,
);

const rows: BenchRow[] = [];
for (let round = 1; round <= args.rounds && !stop.signal.aborted; round++) {
  for (const c of args.cases) {
    if (stop.signal.aborted) break;
    say(`${args.rounds > 1 ? `[round ${round}/${args.rounds}] ` : ''}${c.id}: ${c.title}`);
    // Each round's sides have names of their own: a slow teardown never meets the next run.
    const runId = args.rounds > 1 ? `${benchId}-r${round}` : benchId;
    const runTool = async (connections: number): Promise<ToolMeasurement | Failed> => {
      if (args.labOnly) return { failed: 'not run (--lab-only)' };
      const tool = await runToolSide(c, {
        benchId: runId,
        addresses,
        seconds: args.seconds,
        classPath,
        connections,
        journal,
        progress: say,
      }).catch((error: unknown) => ({ failed: message(error) }));
      if ('failed' in tool) say(`  tool failed: ${tool.failed}`);
      else say(`  ${tool.tool}: ${Math.round(tool.perSec).toLocaleString('en-US')} msg/s`);
      return tool;
    };
    // A tool that cannot match the lab's producer count runs once, for every count.
    let shared: { tool: ToolMeasurement | Failed; load: number } | undefined;
    for (const producers of args.producers ?? c.producers) {
      if (stop.signal.aborted) break;
      let side = shared;
      if (side === undefined) {
        const load = load1();
        side = { tool: await runTool(toolPerProducerCount(c) ? producers : 1), load };
        if (!toolPerProducerCount(c)) shared = side;
      }
      const labLoad = load1();
      const lab = await runLabSide(c, producers, {
        benchId: runId,
        addresses,
        seconds: args.seconds,
        journal,
        signal: stop.signal,
        ...(args.threads === undefined ? {} : { threads: args.threads }),
        progress: say,
      }).catch((error: unknown) => ({ failed: message(error) }));
      if ('failed' in lab) say(`  lab failed: ${lab.failed}`);
      else say(`  lab ×${producers}: ${lab.perSec.toLocaleString('en-US')} msg/s (${lab.status})`);
      const r = row(c, side.tool, lab, { tool: side.load, lab: labLoad });
      rows.push(args.rounds > 1 ? { ...r, round } : r);
    }
  }
}

const result: BenchResult = {
  startedAt,
  endedAt: new Date().toISOString(),
  command: `npm run bench:lab -- ${process.argv.slice(2).join(' ')}`.trim(),
  seconds: args.seconds,
  rounds: args.rounds,
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    java,
    loadAvgAtStart,
  },
  rows,
  summary: summarizeRounds(rows),
};
say(`\n${benchTable(rows)}`);
say(
  `\n${args.rounds > 1 ? `medians over ${args.rounds} rounds:\n` : ''}${roundsMarkdown(result.summary)}`,
);
say(
  `\nratio = ours ÷ the tool's publish rate; the issue's bar is ${GOAL_RATIO}×. ` +
    `load1 = one-minute load average when the tool / our side started.`,
);
// The default lives under the repository's .playground/; a path given is the caller's.
const file = args.json === DEFAULT_JSON ? resolve(REPO_ROOT, args.json) : resolve(args.json);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
say(`JSON written to ${args.json}`);
const failed = rows.some(
  (r) => ('failed' in r.tool && !args.labOnly) || 'failed' in r.lab || r.lab.status !== 'completed',
);
process.exit(failed || stop.signal.aborted ? 1 : 0);
