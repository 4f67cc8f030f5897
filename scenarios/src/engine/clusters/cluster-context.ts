// What a cluster's starter gets from the run: where to start processes, the run's fault
// toolbox (every node behind a link of its own and registered as a node), and a place to hang
// what must close when the run ends (clients first; the processes are killed after).
import type { RunInstances } from '../../../../infrastructure/launcher/private/index.ts';
import type { RunFaults } from '../faults.ts';

export interface ClusterStartContext {
  runId: string;
  /** Names the run's connections on the brokers (`playground-<runId>`). */
  clientName: string;
  instances: RunInstances;
  faults: RunFaults;
  /** Runs when the run ends, before its processes are killed (close clients here). */
  onClose(close: () => Promise<void> | void): void;
  /** Progress a learner reads while a cluster starts ("node 2 of 3 joined"). */
  progress(message: string): void;
}
