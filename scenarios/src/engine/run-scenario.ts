// Runs one scenario to its end without a server: for the CLI, tests and benchmarks.
import type { AnyScenario, Frame } from '../sdk/index.ts';
import { resolveParams } from '../sdk/index.ts';
import { addressesFromEnv } from './addresses.ts';
import type { BrokerAddresses } from './addresses.ts';
import { Run } from './run.ts';
import type { RunEvent, RunRecord } from './run.ts';

export interface RunScenarioOptions {
  params?: unknown;
  durationSec: number;
  tickMs?: number;
  addresses?: BrokerAddresses;
  onFrame?: (frame: Frame) => void;
  onEvent?: (event: RunEvent) => void;
  /** Receives the run as soon as it starts (to stop it or change live params). */
  onStart?: (run: Run) => void;
}

export interface FinishedRunView extends RunRecord {
  frames: Frame[];
  events: RunEvent[];
}

export async function runScenario(
  scenario: AnyScenario,
  options: RunScenarioOptions,
): Promise<FinishedRunView> {
  const params = resolveParams(scenario.params, options.params) as Record<string, unknown>;
  const run = new Run(scenario, {
    params,
    durationSec: options.durationSec,
    addresses: options.addresses ?? addressesFromEnv(),
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
  });
  if (options.onFrame) run.on('frame', options.onFrame);
  if (options.onEvent) run.on('event', options.onEvent);
  options.onStart?.(run);
  const record = await run.done;
  return { ...record, frames: run.frames, events: run.events };
}
