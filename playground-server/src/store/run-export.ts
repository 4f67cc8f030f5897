// A kept run as a self-describing file and back. The file names its format and version so a
// later playground can tell what it reads; an imported one becomes a recording with an id of its
// own (the run it came from may still be kept here) and its original id and times.
import type { AnyScenario } from '@playground/scenarios/sdk';
import { RUN_EXPORT_FORMAT, RUN_EXPORT_VERSION } from '../routes/schemas.ts';
import type { RecordedScenario, RunExport } from '../routes/schemas.ts';
import type { StoredRun } from './run-store.ts';

export function recordedScenario(scenario: AnyScenario): RecordedScenario {
  return {
    id: scenario.id,
    title: scenario.title,
    version: scenario.version ?? '1',
    charts: scenario.charts,
    metrics: scenario.metrics,
  };
}

export function toExport(run: StoredRun, exportedAt = new Date()): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    scenario: run.scenario,
    run: run.view,
    frames: run.frames,
    events: run.events,
    environment: run.environment,
  };
}

/** Why an export cannot be imported, or undefined when it can (its shape is checked already). */
export function importProblem(file: RunExport): string | undefined {
  if (file.run.state === 'running') return 'run.state: a running run cannot be a recording';
  if (file.run.scenario !== file.scenario.id)
    return `run.scenario "${file.run.scenario}" is not scenario.id "${file.scenario.id}"`;
  return undefined;
}

export function fromExport(file: RunExport, id: string): StoredRun {
  return {
    view: {
      ...file.run,
      id,
      recording: true,
      // A recording of a recording still names the run it all came from.
      originalId: file.run.originalId ?? file.run.id,
    },
    scenario: file.scenario,
    frames: file.frames,
    events: file.events,
    environment: file.environment,
  };
}
