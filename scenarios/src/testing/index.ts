// The testing kit: what a scenario test needs to run its scenario on the live brokers and read
// the result, without importing the server.
export { runScenario, addressesFromEnv } from '../engine/index.ts';
export type { FinishedRunView, RunScenarioOptions, Run } from '../engine/index.ts';
export { expectGoneFromBrokers, leftoversOf } from './leftovers.ts';
export type { Leftovers } from './leftovers.ts';
export { summaryOf, framesBetween, rateBetween, checkOf } from './frames.ts';
export { isAlive, privateRunDir } from './private-processes.ts';
