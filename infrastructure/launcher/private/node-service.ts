// The node-service kind of private instance: a TypeScript service of this repository (the shop's)
// run by this very Node binary under tsx, with preloads (the telemetry bootstrap), its own env,
// and ready once GET /health answers 200 on its port.
import { request } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAYGROUND_DIR } from '../paths.ts';
import { sleep } from '../process.ts';
import type { InstancePlace, PrivateProcessKind } from './private-process.ts';

export interface NodeServiceOptions {
  /** Names the process in errors ('product-service'). */
  service: string;
  /** Absolute path of the entry module. */
  entry: string;
  /** Absolute paths of modules loaded with `--import` before it, after tsx. */
  preload?: readonly string[];
  /** Its environment, on top of this process's. */
  env: Record<string, string>;
  /** The variable that tells it which port to listen on. */
  portEnv: string;
  /** Default '/health'. */
  healthPath?: string;
}

/** tsx's ESM loader, resolved from here so the service's cwd does not matter. */
const TSX = fileURLToPath(import.meta.resolve('tsx'));

/**
 * How the service's TypeScript is run. Node's own (type stripping, with the transform for
 * parameter properties) where this Node has it: a service starts in about half the time it
 * takes under tsx, whose loader resolves every module through a hooks thread. tsx elsewhere.
 */
export function typescriptArgs(): string[] {
  return process.features.typescript
    ? ['--experimental-transform-types', '--disable-warning=ExperimentalWarning']
    : ['--import', TSX];
}

/**
 * V8's code cache for every module a service loads, kept between starts: the second start of a
 * service, and every start after, skips most of the compiling (about a third of its start-up).
 */
const COMPILE_CACHE = resolve(PLAYGROUND_DIR, 'node-compile-cache');

/** Variables of this process a service must not inherit (the run sets its own exporter). */
const NOT_INHERITED = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'NODE_OPTIONS',
];

function healthStatus(port: number, path: string, timeoutMs: number): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('no answer to /health')));
    req.on('error', fail);
    req.end();
  });
}

export function nodeServiceKind(options: NodeServiceOptions): PrivateProcessKind {
  const healthPath = options.healthPath ?? '/health';
  return {
    kind: options.service,
    binary: 'node',
    locate: () => process.execPath,
    installHint: 'Node.js runs the playground itself: it is installed',
    env: (place: InstancePlace) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of NOT_INHERITED) delete env[name];
      return {
        NODE_COMPILE_CACHE: COMPILE_CACHE,
        ...env,
        ...options.env,
        [options.portEnv]: String(place.port),
      };
    },
    args: (place) => [
      ...typescriptArgs(),
      ...(options.preload ?? []).flatMap((p) => ['--import', p]),
      options.entry,
      // Not read by the service: it makes the command line unique to this instance, so the
      // sweep never signals a pid the OS handed to another process.
      `--instance-dir=${place.dir}`,
    ],
    markers: (place) => [options.entry, `--instance-dir=${place.dir}`],
    async ready(place, timeoutMs, alive) {
      const deadline = Date.now() + timeoutMs;
      let last = 'not started';
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`${options.service} exited (${last})`);
        try {
          const status = await healthStatus(place.port, healthPath, 1_000);
          if (status === 200) return;
          last = `/health answered ${status}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await sleep(25);
      }
      throw new Error(last);
    },
  };
}
