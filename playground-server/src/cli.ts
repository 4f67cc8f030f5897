// `npm run scenario -- <id> [--param key=value ...] [--duration S] [--json FILE]`: one scenario,
// headless, against the brokers; no server needed. Exit 0 when every check passes, 1 when one
// fails (or the run fails), 2 for bad input.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import type { PlaygroundConfig } from './config.ts';
import { formatProgress } from './cli-progress.ts';

const USAGE =
  'usage: npm run scenario -- <scenario-id> [--param key=value ...] [--duration seconds] [--json file]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true, short: 'p' },
      duration: { type: 'string', short: 'd' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(2, `${(error as Error).message}\n${USAGE}`);
}

const { scenarios, findScenario, convertParamStrings, resolveParams, ParamsError, liveFields } =
  await import('@playground/scenarios');
const known = scenarios.map((s) => s.id).join(', ');
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n\nscenarios: ${known}\n`);
  process.exit(0);
}
const id = parsed.positionals[0];
if (id === undefined) fail(2, `${USAGE}\nscenarios: ${known}`);
if (parsed.positionals.length > 1)
  fail(2, `unexpected argument "${parsed.positionals[1]}"\n${USAGE}`);
const scenario = findScenario(id);
if (!scenario) fail(2, `unknown scenario "${id}"; valid: ${known}`);

// A scenario may say how long its lesson needs (a cluster's start counts in the run).
const duration = Number(parsed.values.duration ?? scenario.durationSec ?? 10);
if (!Number.isInteger(duration) || duration < 1 || duration > 3600) {
  fail(
    2,
    `--duration must be a whole number of seconds from 1 to 3600 (got "${parsed.values.duration}")`,
  );
}

const raw: Record<string, string> = {};
for (const pair of parsed.values.param ?? []) {
  const eq = pair.indexOf('=');
  if (eq <= 0) fail(2, `--param takes key=value (got "${pair}")`);
  raw[pair.slice(0, eq)] = pair.slice(eq + 1);
}
let params: Record<string, unknown>;
try {
  params = resolveParams(scenario.params, convertParamStrings(scenario.params, raw)) as Record<
    string,
    unknown
  >;
} catch (error) {
  if (error instanceof ParamsError) {
    const valid = Object.entries(scenario.params.properties)
      .map(([k, s]) => `  ${k}: ${(s as { description?: string }).description ?? ''}`)
      .join('\n');
    fail(2, `${error.message}\nparams of ${scenario.id}:\n${valid}`);
  }
  throw error;
}

let config: PlaygroundConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(2, `invalid configuration: ${error.message}`);
  throw error;
}

const { probeBrokers } = await import('./cli-brokers.ts');
const down = await probeBrokers(config, scenario.brokers);
if (down.length > 0)
  fail(1, `${down.join('\n')}\nFix: npm run infra:up (or set REDIS_URL, AMQP_URL, KAFKA_BROKERS)`);

const { runScenario } = await import('./engine/index.ts');
const tty = process.stdout.isTTY === true;
process.stdout.write(
  `${scenario.title} (${scenario.id}) for ${duration} s\nparams: ${JSON.stringify(params)}\nlive params: ${liveFields(scenario.params).join(', ') || 'none'}\n\n`,
);
let lastLine = 0;
let stopRequested = false;
const result = await runScenario(scenario, {
  params,
  durationSec: duration,
  tickMs: config.tickMs,
  addresses: config,
  onStart: (run) => {
    process.once('SIGINT', () => {
      stopRequested = true;
      process.stdout.write('\nstopping…\n');
      run.stop();
    });
  },
  onFrame: (frame) => {
    const line = formatProgress(scenario, frame, duration);
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else if (frame.t - lastLine >= 1000) {
      lastLine = frame.t;
      process.stdout.write(`${line}\n`);
    }
  },
  onEvent: (event) => {
    const text = `  [${(event.t / 1000).toFixed(1)}s] ${event.level === 'warn' ? '⚠ ' : ''}${event.message}\n`;
    process.stdout.write(tty ? `\r\x1b[2K${text}` : text);
  },
});
if (tty) process.stdout.write('\n');

process.stdout.write(
  `\n${result.state}${result.error ? `: ${result.error}` : ''}${stopRequested ? ' (stopped by you)' : ''}\n\nsummary:\n`,
);
for (const [key, value] of Object.entries(result.summary))
  process.stdout.write(`  ${key.padEnd(34)} ${value}\n`);
if (Object.keys(result.facts).length > 0) {
  process.stdout.write('\nwhat the broker reported:\n');
  for (const [key, value] of Object.entries(result.facts))
    process.stdout.write(`  ${key.padEnd(34)} ${String(value)}\n`);
}
process.stdout.write('\nchecks:\n');
for (const check of result.checks) {
  process.stdout.write(
    `  ${check.status === 'passed' ? '✔' : check.status === 'failed' ? '✘' : '–'} ${check.description}${check.status === 'not-applicable' ? ' (not applicable)' : ''}\n      ${check.detail}\n`,
  );
}
if (parsed.values.json) {
  writeFileSync(parsed.values.json, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nreport written to ${parsed.values.json}\n`);
}
// A check that does not apply to the params is not a failure.
const passed = result.state !== 'failed' && result.checks.every((c) => c.status !== 'failed');
process.exit(passed ? 0 : 1);
