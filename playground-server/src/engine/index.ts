export { Run, newRunId } from './run.ts';
export type { RunRecord, RunEvent, RunState, CheckOutcome } from './run.ts';
export { runScenario } from './run-scenario.ts';
export type { FinishedRunView, RunScenarioOptions } from './run-scenario.ts';
export { RunManager, RunLimitError } from './run-manager.ts';
export { deleteResources } from './cleanup.ts';
export { sweepLeftovers } from './sweep.ts';
export { RunJournal } from './journal.ts';
export type { BrokerAddresses } from './addresses.ts';
