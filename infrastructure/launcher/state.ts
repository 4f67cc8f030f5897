// Who started which broker. `down` reads this so it stops only what the launcher itself started;
// a broker that was found running is never recorded, so it can never be stopped by mistake.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { STATE_FILE } from './paths.ts';

export const BROKERS = ['redis', 'rabbitmq', 'kafka'] as const;
export type BrokerName = (typeof BROKERS)[number];

export interface LaunchedProcess {
  pid: number;
  pidFile: string;
  /** Strings the process's command line must contain for the pid to still be ours. */
  markers: string[];
  logFile: string;
  /** RabbitMQ only: the node name rabbitmqctl stops. */
  rabbitmqNode?: string;
}

export type BrokerRecord =
  | ({ startedBy: 'launcher'; address: string; startedAt: string } & LaunchedProcess)
  | { startedBy: 'docker'; address: string; startedAt: string; service: string };

export type LauncherState = Partial<Record<BrokerName, BrokerRecord>>;

export function readState(file = STATE_FILE): LauncherState {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as LauncherState) : {};
  } catch {
    return {};
  }
}

function writeState(state: LauncherState, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write-then-rename so an interrupted launcher never leaves half a JSON file behind.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

export function recordBroker(name: BrokerName, record: BrokerRecord, file = STATE_FILE): void {
  writeState({ ...readState(file), [name]: record }, file);
}

export function forgetBroker(name: BrokerName, file = STATE_FILE): void {
  const state = readState(file);
  delete state[name];
  writeState(state, file);
}
