// The engine that runs a scenario: its context, ticker, checks and cleanup. The server's run
// manager, the CLI and the scenario tests all use it; it knows nothing of HTTP.
export { Run, newRunId } from './run.ts';
export type { RunRecord, RunEvent, RunState, CheckOutcome, ParamsChange } from './run.ts';
export { runScenario } from './run-scenario.ts';
export type { FinishedRunView, RunScenarioOptions } from './run-scenario.ts';
export { deleteResources, kafkaAdminClient } from './cleanup.ts';
export { sweepLeftovers, leaseKey, retryCleanups } from './sweep.ts';
export type { RetryReport } from './sweep.ts';
export { RunJournal } from './journal.ts';
export type { CleanupFailure, JournalEntry } from './journal.ts';
export { addressesFromEnv, DEFAULT_ADDRESSES } from './addresses.ts';
export type { BrokerAddresses } from './addresses.ts';
export { RunPrivateInstances, missingRequirements } from './private-instances.ts';
export { RunFaults, UnknownFaultTarget, FaultConflict, describeToxic } from './faults.ts';
