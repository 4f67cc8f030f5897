// The server's side of running scenarios: the run manager. The engine itself (Run, cleanup,
// sweep) lives in @playground/scenarios/engine so tests and the CLI use it without the server.
export * from '@playground/scenarios/engine';
export { RunManager, RunLimitError } from './run-manager.ts';
