// up, down and status for a set of brokers. Each returns outcomes; printing belongs to the CLI.
import type { BrokerSpec } from './brokers.ts';
import { composeStop, composeUp, dockerAvailable } from './docker.ts';
import { LaunchError } from './errors.ts';
import { isAlive, isOurs, readPid, removeFile, tailFile } from './process.ts';
import { waitUntilReady } from './probe.ts';
import { forgetBroker, readState, recordBroker } from './state.ts';
import type { BrokerName, BrokerRecord } from './state.ts';
import { stopLaunched } from './stop.ts';

export type Progress = (broker: BrokerName, message: string) => void;

export type UpOutcome =
  | {
      name: BrokerName;
      ok: true;
      how: 'found running' | 'already running' | 'started';
      startedBy?: 'launcher' | 'docker';
      pid?: number;
      version: string;
      address: string;
    }
  | { name: BrokerName; ok: false; address: string; error: LaunchError };

const FIRST_PROBE_MS = 3_000;

function launcherPid(record: BrokerRecord | undefined): number | undefined {
  if (record?.startedBy !== 'launcher') return undefined;
  const pid = readPid(record.pidFile) ?? record.pid;
  return isOurs(pid, record.markers) ? pid : undefined;
}

/**
 * A launched broker the state file does not know, e.g. when `up` was interrupted after the
 * spawn but before the record was written: its pid file and command line still prove it ours.
 */
function unrecordedPid(spec: BrokerSpec): number | undefined {
  const pid = readPid(spec.launched.pidFile);
  return pid !== undefined && isOurs(pid, spec.launched.markers) ? pid : undefined;
}

function recordLaunched(spec: BrokerSpec, pid: number): BrokerRecord {
  const record: BrokerRecord = {
    startedBy: 'launcher',
    address: spec.address,
    startedAt: new Date().toISOString(),
    ...spec.launched,
    pid,
  };
  recordBroker(spec.name, record);
  return record;
}

function tail(text: string, lines = 20): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Makes one broker answer at its address: as found, through Docker, or by starting it here. */
export async function upBroker(spec: BrokerSpec, progress: Progress): Promise<UpOutcome> {
  const { name, address } = spec;
  const say = (message: string): void => progress(name, message);
  const fail = (error: LaunchError): UpOutcome => ({ name, ok: false, address, error });
  let record = readState()[name];
  // A record for another address (the configuration moved the broker) stays untouched unless
  // this run must start a broker itself: the launcher keeps one instance per broker.
  let moved: Extract<BrokerRecord, { startedBy: 'launcher' }> | undefined;
  if (record?.startedBy === 'launcher' && record.address !== address) {
    moved = record;
    record = undefined;
  }
  if (record === undefined && moved === undefined) {
    const orphan = unrecordedPid(spec);
    if (orphan !== undefined) record = recordLaunched(spec, orphan);
  }
  const ownPid = launcherPid(record);

  if (ownPid !== undefined) {
    // Ours and alive: maybe still booting from an earlier `up`, never start a second one.
    const ready = await waitUntilReady(spec.probe, {
      timeoutMs: spec.readyTimeoutMs,
      alive: () => isAlive(ownPid),
    });
    if (ready.ok) {
      return {
        name,
        ok: true,
        how: 'already running',
        startedBy: 'launcher',
        pid: ownPid,
        version: ready.version,
        address,
      };
    }
    return fail(
      new LaunchError(
        `the ${name} the launcher started (pid ${ownPid}) does not answer at ${address}: ${ready.error}`,
        'npm run infra:down && npm run infra:up',
        record?.startedBy === 'launcher' ? tailFile(record.logFile) : '',
      ),
    );
  }
  if (record?.startedBy === 'launcher') {
    // It died or was stopped behind our back; forget it so the slot can be reused.
    removeFile(record.pidFile);
    forgetBroker(name);
  }
  const makeRoom = async (): Promise<void> => {
    if (!moved) return;
    if (launcherPid(moved) !== undefined) {
      say(`stopping the ${name} it started at ${moved.address} (now configured at ${address})…`);
      await stopLaunched(moved);
    }
    forgetBroker(name);
    moved = undefined;
  };

  const first = await spec.probe(FIRST_PROBE_MS);
  if (first.ok) {
    const startedBy = record?.startedBy === 'docker' ? ('docker' as const) : undefined;
    return {
      name,
      ok: true,
      how: startedBy ? 'already running' : 'found running',
      ...(startedBy ? { startedBy } : {}),
      version: first.version,
      address,
    };
  }
  if (!first.refused) {
    return fail(
      new LaunchError(
        `something answers at ${address}, but not as a usable ${name}: ${first.error}`,
        `free that port, or set ${spec.envVar} to where ${name} runs`,
      ),
    );
  }
  if (!spec.startable) {
    return fail(
      new LaunchError(
        `${name} is not reachable at ${address} (${first.error}); the launcher only starts brokers on 127.0.0.1`,
        `start ${name} at ${address}, or unset ${spec.envVar} to use a local one`,
      ),
    );
  }

  if (await dockerAvailable()) {
    await makeRoom();
    say(`starting with docker compose (service ${spec.composeService})…`);
    const result = await composeUp(spec.composeService, spec.composeEnv);
    if (result.code === 0) {
      const ready = await waitUntilReady(spec.probe, { timeoutMs: spec.readyTimeoutMs });
      if (ready.ok) {
        recordBroker(name, {
          startedBy: 'docker',
          service: spec.composeService,
          address,
          startedAt: new Date().toISOString(),
        });
        return {
          name,
          ok: true,
          how: 'started',
          startedBy: 'docker',
          version: ready.version,
          address,
        };
      }
      say(
        `the container started but ${address} does not answer (${ready.error}); trying the local launcher`,
      );
    } else {
      say(
        `docker compose failed; trying the local launcher:\n${tail(result.stderr || result.stdout, 10)}`,
      );
    }
  }

  const missing = spec.preflight();
  if (missing) return fail(missing);
  await makeRoom();
  say(`starting locally at ${address}…`);
  const started = Date.now();
  try {
    const proc = await spec.startLocal(say);
    recordBroker(name, {
      startedBy: 'launcher',
      address,
      startedAt: new Date().toISOString(),
      ...proc,
    });
    const ready = await spec.probe(FIRST_PROBE_MS);
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return {
      name,
      ok: true,
      how: 'started',
      startedBy: 'launcher',
      pid: proc.pid,
      version: ready.ok ? ready.version : 'unknown',
      address,
    };
  } catch (err) {
    if (err instanceof LaunchError) return fail(err);
    return fail(
      new LaunchError(
        `${name} could not be started: ${(err as Error).message}`,
        'see the message above',
      ),
    );
  }
}

export type DownOutcome =
  | { name: BrokerName; result: 'stopped'; startedBy: 'launcher' | 'docker'; pid?: number }
  | { name: BrokerName; result: 'left alone' | 'not running' }
  | { name: BrokerName; result: 'failed'; error: string };

/** Stops the broker only if the launcher started it (per state and pid file). */
export async function downBroker(spec: BrokerSpec): Promise<DownOutcome> {
  const { name } = spec;
  const record = readState()[name];
  if (record?.startedBy === 'docker') {
    const result = await composeStop(record.service);
    if (result.code !== 0) {
      return {
        name,
        result: 'failed',
        error: `docker compose stop ${record.service}: ${tail(result.stderr, 5)}`,
      };
    }
    forgetBroker(name);
    return { name, result: 'stopped', startedBy: 'docker' };
  }
  // Without a record (state file lost) the pid file of this configuration is still checked.
  const proc = record?.startedBy === 'launcher' ? record : spec.launched;
  const outcome = await stopLaunched(proc);
  if (outcome.result === 'still-running') {
    return {
      name,
      result: 'failed',
      error: `pid ${outcome.pid} did not exit in time; left its pid file in ${proc.pidFile}`,
    };
  }
  if (record) forgetBroker(name);
  if (outcome.result === 'stopped')
    return { name, result: 'stopped', startedBy: 'launcher', pid: outcome.pid };
  const answers = await spec.probe(FIRST_PROBE_MS);
  return { name, result: answers.ok ? 'left alone' : 'not running' };
}

export interface StatusLine {
  name: BrokerName;
  address: string;
  ok: boolean;
  version: string;
  who: string;
  error?: string;
}

export async function brokerStatus(spec: BrokerSpec): Promise<StatusLine> {
  let record = readState()[spec.name];
  if (record === undefined) {
    const orphan = unrecordedPid(spec);
    if (orphan !== undefined) record = recordLaunched(spec, orphan);
  }
  const probe = await spec.probe(FIRST_PROBE_MS);
  let who: string;
  if (record?.startedBy === 'docker') who = `docker (${record.service})`;
  else if (record?.startedBy === 'launcher' && record.address === spec.address) {
    const pid = launcherPid(record);
    who = pid !== undefined ? `launcher (pid ${pid})` : `launcher (pid ${record.pid}, exited)`;
  } else who = probe.ok ? 'found running' : '-';
  if (record?.startedBy === 'launcher' && record.address !== spec.address) {
    const pid = launcherPid(record);
    if (pid !== undefined)
      who += `; the launcher's ${spec.name} at ${record.address} (pid ${pid}) still runs`;
  }
  return {
    name: spec.name,
    address: spec.address,
    ok: probe.ok,
    version: probe.ok ? probe.version : '-',
    who,
    ...(probe.ok ? {} : { error: probe.error }),
  };
}
