// npm run infra:up | infra:down | infra:status — makes the brokers the playground needs answer,
// and stops only what it started. See docs in infrastructure/README.md.
import { ConfigError, loadConfig } from '../../playground-server/src/config.ts';
import { brokerSpecs } from './brokers.ts';
import { brokerStatus, downBroker, upBroker } from './commands.ts';
import type { UpOutcome } from './commands.ts';
import { BROKERS } from './state.ts';
import type { BrokerName } from './state.ts';

const USAGE = `usage: tsx infrastructure/launcher/cli.ts <up|down|status> [--only redis,rabbitmq,kafka] [--soft]
  up      use each broker found at its address, else start it (Docker, else locally);
          exit 1 when one cannot be had (0 with --soft, which only warns)
  down    stop the brokers this launcher started; brokers it found running are left alone
  status  one line per broker: address, ok/down, version, who started it; exit 1 if one is down`;

interface Args {
  command: 'up' | 'down' | 'status';
  only: BrokerName[];
  soft: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'up' && command !== 'down' && command !== 'status') {
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  }
  let only: BrokerName[] = [...BROKERS];
  let soft = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--soft') soft = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const list = arg === '--only' ? rest[++i] : arg.slice('--only='.length);
      if (!list) throw new UsageError('--only needs a list, e.g. --only redis,kafka');
      const names = list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const unknown = names.filter((n) => !(BROKERS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) {
        throw new UsageError(
          `--only: unknown broker "${unknown.join(', ')}" (use ${BROKERS.join(', ')})`,
        );
      }
      only = BROKERS.filter((b) => names.includes(b));
    } else throw new UsageError(`unknown option "${arg}"`);
  }
  return { command, only, soft };
}

const label = (name: string): string => name.padEnd(10);
const indent = (text: string, prefix: string): string =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

function progress(name: BrokerName, message: string): void {
  console.log(`${label(name)}${indent(message, '').replace(/\n/g, `\n${' '.repeat(10)}`)}`);
}

function describeUp(outcome: Extract<UpOutcome, { ok: true }>): string {
  const who =
    outcome.startedBy === 'docker'
      ? 'docker'
      : outcome.startedBy === 'launcher'
        ? `launcher, pid ${outcome.pid ?? '?'}`
        : 'not ours, left as is';
  return `${outcome.how} at ${outcome.address} — ${outcome.version} (${who})`;
}

async function up(args: Args): Promise<number> {
  const specs = brokerSpecs(loadConfig());
  // Independent brokers start side by side: Kafka's JVM need not wait for RabbitMQ's boot.
  const outcomes = await Promise.all(args.only.map((name) => upBroker(specs[name], progress)));
  let missing = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      progress(outcome.name, describeUp(outcome));
      continue;
    }
    missing++;
    const { error } = outcome;
    const lines = [
      `${args.soft ? 'warning: ' : ''}${outcome.name} is unavailable: ${error.message}`,
      ...(error.logTail ? ['  last log lines:', indent(error.logTail, '  | ')] : []),
      `  fix: ${error.fix}`,
      ...(args.soft
        ? [`  the playground starts anyway; scenarios that need ${outcome.name} are disabled`]
        : []),
    ];
    console.error(lines.join('\n'));
  }
  return missing > 0 && !args.soft ? 1 : 0;
}

async function down(args: Args): Promise<number> {
  const specs = brokerSpecs(loadConfig());
  const outcomes = await Promise.all(args.only.map((name) => downBroker(specs[name])));
  let failed = 0;
  for (const o of outcomes) {
    if (o.result === 'stopped') {
      progress(
        o.name,
        o.startedBy === 'docker' ? 'stopped (docker)' : `stopped (pid ${o.pid ?? '?'})`,
      );
    } else if (o.result === 'left alone') {
      progress(o.name, `not started by the launcher; left running at ${specs[o.name].address}`);
    } else if (o.result === 'not running') {
      progress(o.name, 'not running');
    } else if (o.result === 'failed') {
      failed++;
      console.error(`${label(o.name)}could not stop: ${o.error}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function status(args: Args): Promise<number> {
  const specs = brokerSpecs(loadConfig());
  const lines = await Promise.all(args.only.map((name) => brokerStatus(specs[name])));
  const addressWidth = Math.max(...lines.map((l) => l.address.length)) + 2;
  const versionWidth = Math.max(...lines.map((l) => l.version.length)) + 2;
  for (const l of lines) {
    console.log(
      `${label(l.name)}${l.address.padEnd(addressWidth)}${(l.ok ? 'ok' : 'down').padEnd(6)}${l.version.padEnd(versionWidth)}${l.who}${l.error ? `  (${l.error})` : ''}`,
    );
  }
  // The project brings its own Node.js (the `node` dev dependency); this says which one runs.
  console.log(`${label('node')}${process.version}  (${process.execPath})`);
  return lines.every((l) => l.ok) ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }
  try {
    if (args.command === 'up') return await up(args);
    if (args.command === 'down') return await down(args);
    return await status(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`configuration error: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
