// How the runner talks to its load generators: worker threads (the default: one Node thread
// would be the bottleneck) or, for tests with an in-memory broker, one agent in this thread.
import { Worker } from 'node:worker_threads';
import { LoadAgent } from './agent.ts';
import type { AgentCommand, AgentEvent, AgentSetup, ConsumerRole, ProducerRole } from './agent.ts';
import { labNames } from './names.ts';
import type { Target } from './target.ts';
import type { Workload } from './workload.ts';
import type { WorkerData } from './worker.ts';

export interface AgentLink {
  send(command: AgentCommand): void;
  /** Ends the thread (a no-op in this thread). */
  stop(): Promise<void>;
}

const WORKER_URL = new URL('./worker.ts', import.meta.url);

/**
 * Deals the producers and consumers out over `threads` shares, producers first and round the
 * shares, so each thread gets a mix and no share is empty while another has two.
 */
export function splitRoles(
  workload: Workload,
  threads: number,
): { producers: ProducerRole[]; consumers: ConsumerRole[] }[] {
  const producers: ProducerRole[] = [];
  for (let t = 0; t < workload.topics; t++)
    for (let i = 0; i < workload.producersPerTopic; i++)
      producers.push({ topic: t, index: i, number: t * workload.producersPerTopic + i });
  const consumers: ConsumerRole[] = [];
  for (let t = 0; t < workload.topics; t++)
    for (let s = 0; s < workload.subscriptionsPerTopic; s++)
      for (let i = 0; i < workload.consumerPerSubscription; i++)
        consumers.push({ topic: t, sub: s, index: i });
  const n = Math.max(1, Math.min(threads, producers.length + consumers.length));
  const shares = Array.from({ length: n }, () => ({
    producers: [] as ProducerRole[],
    consumers: [] as ConsumerRole[],
  }));
  producers.forEach((p, i) => shares[i % n]!.producers.push(p));
  consumers.forEach((c, i) => shares[(producers.length + i) % n]!.consumers.push(c));
  return shares;
}

export function workerLink(
  setup: AgentSetup,
  module: string | undefined,
  onEvent: (event: AgentEvent) => void,
): AgentLink {
  const data: WorkerData = module === undefined ? { setup } : { setup, module };
  const worker = new Worker(WORKER_URL, { execArgv: ['--import', 'tsx'], workerData: data });
  let ended = false;
  worker.on('message', (event: AgentEvent) => {
    if (event.type === 'final') ended = true;
    onEvent(event);
  });
  worker.on('error', (error) => onEvent({ type: 'failed', message: error.message }));
  worker.on('exit', (code) => {
    if (!ended) onEvent({ type: 'failed', message: `a load worker exited (code ${code})` });
    ended = true;
  });
  return {
    send: (command) => worker.postMessage(command),
    stop: async () => {
      ended = true;
      await worker.terminate();
    },
  };
}

export function inThreadLink(
  target: Target,
  setup: AgentSetup,
  onEvent: (event: AgentEvent) => void,
): AgentLink {
  const ctx = {
    workload: setup.workload,
    names: labNames(setup.names),
    addresses: setup.addresses,
  };
  // Events go out on a later turn, as a worker's would: the runner never re-enters itself.
  const agent = new LoadAgent(target, ctx, setup, (event) => queueMicrotask(() => onEvent(event)));
  void agent.open();
  return { send: (command) => agent.handle(command), stop: async () => undefined };
}
