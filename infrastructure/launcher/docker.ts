// The Docker path: used only when a Docker engine answers, with the services in compose.yaml.
import { COMPOSE_FILE } from './paths.ts';
import { findBinary, run } from './process.ts';
import type { RunResult } from './process.ts';

const INFO_TIMEOUT_MS = 4_000;
// `up --wait` may pull an image first; bounded, but generous enough for a slow link.
const COMPOSE_UP_TIMEOUT_MS = 600_000;

let engine: Promise<boolean> | undefined;

/** Whether a Docker engine and the compose plugin answer; asked once per launcher run. */
export function dockerAvailable(): Promise<boolean> {
  engine ??= (async () => {
    const docker = findBinary('docker');
    if (!docker) return false;
    // A client without a daemon (or a stopped Docker Desktop) fails or hangs here.
    const info = await run(docker, ['info', '--format', '{{.ServerVersion}}'], {
      timeoutMs: INFO_TIMEOUT_MS,
    });
    if (info.code !== 0) return false;
    const compose = await run(docker, ['compose', 'version'], { timeoutMs: INFO_TIMEOUT_MS });
    return compose.code === 0;
  })();
  return engine;
}

function compose(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunResult> {
  return run(findBinary('docker') ?? 'docker', ['compose', '-f', COMPOSE_FILE, ...args], {
    env: { ...process.env, ...env },
    timeoutMs,
  });
}

/** `docker compose up -d --wait <service>`: returns once its healthcheck passes. */
export function composeUp(service: string, env: Record<string, string>): Promise<RunResult> {
  return compose(['up', '-d', '--wait', service], env, COMPOSE_UP_TIMEOUT_MS);
}

/** Stops the service's container (its volume, and so its data, stays). */
export function composeStop(service: string): Promise<RunResult> {
  return compose(['stop', service], {}, 120_000);
}
