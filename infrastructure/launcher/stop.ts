// Stopping what the launcher started, and nothing else.
import { rabbitmqctlStop } from './rabbitmq.ts';
import { isAlive, isOurs, readPid, removeFile, terminate, waitForExit } from './process.ts';
import type { LaunchedProcess } from './state.ts';

export type StopOutcome =
  | { result: 'stopped'; pid: number }
  | { result: 'not-running' }
  | { result: 'not-ours'; pid: number }
  | { result: 'still-running'; pid: number };

/** Kafka's controlled shutdown and RabbitMQ's queue sync can take a while on a slow disk. */
const STOP_TIMEOUT_MS = 60_000;

/**
 * Stops a launched broker when its pid file names a live process whose command line still
 * matches (so never a broker found running, nor a pid the OS has recycled), waits for it to
 * exit within a bound, and removes the pid file.
 */
export async function stopLaunched(
  proc: Pick<LaunchedProcess, 'pidFile' | 'markers' | 'rabbitmqNode'>,
  timeoutMs = STOP_TIMEOUT_MS,
): Promise<StopOutcome> {
  const pid = readPid(proc.pidFile);
  if (pid === undefined) return { result: 'not-running' };
  if (!isOurs(pid, proc.markers)) {
    // Stale: the process died, or the OS gave its pid to something else, which stays untouched.
    removeFile(proc.pidFile);
    return isAlive(pid) ? { result: 'not-ours', pid } : { result: 'not-running' };
  }
  let gone = false;
  if (proc.rabbitmqNode) {
    // The orderly way: the node flushes its message stores before halting.
    await rabbitmqctlStop(proc.rabbitmqNode, proc.pidFile, timeoutMs);
    gone = await waitForExit(pid, 1_000);
  }
  if (!gone) gone = await terminate(pid, timeoutMs);
  if (!gone) return { result: 'still-running', pid };
  removeFile(proc.pidFile);
  return { result: 'stopped', pid };
}
