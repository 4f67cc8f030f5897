// What each broker's workload shares with the run: the closed loop's hooks and the recorders.
import type { RunContext } from '../src/sdk/contract.ts';
import type { NetworkFaultsParams } from './params.ts';

export interface WorkloadHooks {
  ctx: RunContext<NetworkFaultsParams>;
  onAnswered: (startMs: number, endMs: number) => void;
  onError: (error: unknown) => void;
}
