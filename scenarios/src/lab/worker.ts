// Worker-thread entry: one LoadAgent, its target loaded here (a target's module is imported in
// each thread; nothing is shared with the main thread but messages). Started by the runner with
// `execArgv: ['--import', 'tsx']`, since the project runs TypeScript through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { LoadAgent } from './agent.ts';
import type { AgentCommand, AgentEvent, AgentSetup } from './agent.ts';
import { labNames } from './names.ts';
import { loadTarget } from './targets/index.ts';

export interface WorkerData {
  setup: AgentSetup;
  /** A module whose default export is the target (tests); default: the registry's. */
  module?: string;
}

const port = parentPort;
if (port === null) throw new Error('worker.ts runs in a worker thread');
const data = workerData as WorkerData;
const post = (event: AgentEvent): void => port.postMessage(event);

try {
  const target = await loadTarget(data.setup.names.target, data.module);
  const { setup } = data;
  const agent = new LoadAgent(
    target,
    { workload: setup.workload, names: labNames(setup.names), addresses: setup.addresses },
    setup,
    post,
  );
  port.on('message', (command: AgentCommand) => agent.handle(command));
  await agent.open();
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
