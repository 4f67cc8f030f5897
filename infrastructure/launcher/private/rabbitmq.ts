// The RabbitMQ kind of private instance: a node of Debian's rabbitmq-server with its own node
// name, AMQP, dist and management ports, cookie, config and data in the instance's directory.
// The shared broker is never touched: whatever a scenario does to this node (kill it, lower its
// memory watermark, add vhosts and users) ends with the run.
import { resolve } from 'node:path';
import { probeRabbitmq } from '../probe.ts';
import { run, sleep } from '../process.ts';
import { INFRA_DIR } from '../paths.ts';
import { rabbitmqScript } from '../rabbitmq.ts';
import type { InstancePlace, PrivateProcessKind } from './private-process.ts';

export const RABBITMQ_SERVER_INSTALL = 'sudo apt-get install rabbitmq-server';

export interface RabbitmqNodeOptions {
  /** The management plugin (HTTP API on `managementPort`); it adds about nothing to start-up. */
  management?: boolean;
  /** More rabbitmq.conf settings (key → value), e.g. vm_memory_high_watermark.absolute. */
  config?: Record<string, string | number>;
}

/** Where a private node listens and how the CLI tools reach it. */
export interface RabbitmqNodePlace {
  amqpPort: number;
  distPort: number;
  managementPort: number;
  /** `playground-private-<amqpPort>@localhost`. */
  nodeName: string;
  /** amqp://guest:guest@127.0.0.1:<amqpPort> (guest may log in over loopback). */
  url: string;
  managementUrl: string;
}

export function rabbitmqNodePlace(place: InstancePlace): RabbitmqNodePlace {
  const [distPort = place.port + 1, managementPort = place.port + 2] = place.extraPorts;
  return {
    amqpPort: place.port,
    distPort,
    managementPort,
    nodeName: `playground-private-${place.port}@localhost`,
    url: `amqp://guest:guest@127.0.0.1:${place.port}`,
    managementUrl: `http://127.0.0.1:${managementPort}`,
  };
}

export function rabbitmqNodeConfig(place: InstancePlace, options: RabbitmqNodeOptions): string {
  const node = rabbitmqNodePlace(place);
  const lines: Record<string, string | number> = {
    'listeners.tcp.local': `127.0.0.1:${node.amqpPort}`,
    'loopback_users.guest': 'true',
    // A laptop's disk is often fuller than the default alarm tolerates.
    'disk_free_limit.absolute': '50MB',
    'log.console': 'false',
    'log.file.level': 'info',
    ...(options.management === false
      ? {}
      : { 'management.tcp.ip': '127.0.0.1', 'management.tcp.port': node.managementPort }),
    ...options.config,
  };
  return Object.entries(lines)
    .map(([key, value]) => `${key} = ${value}\n`)
    .join('');
}

/** The environment rabbitmq-server and rabbitmqctl need to address this node and no other. */
export function rabbitmqNodeEnv(place: InstancePlace): NodeJS.ProcessEnv {
  const node = rabbitmqNodePlace(place);
  const dir = place.dir;
  return {
    ...process.env,
    // Erlang reads (and on first start writes) its cookie in $HOME: the node's own directory,
    // which rabbitmqctl is given too.
    HOME: dir,
    RABBITMQ_NODENAME: node.nodeName,
    RABBITMQ_DIST_PORT: String(node.distPort),
    RABBITMQ_CONF_ENV_FILE: resolve(INFRA_DIR, 'rabbitmq', 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: resolve(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: resolve(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: resolve(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: resolve(dir, 'log'),
    RABBITMQ_PID_FILE: resolve(dir, 'rabbitmq.pid'),
    RABBITMQ_PLUGINS_EXPAND_DIR: resolve(dir, 'plugins-expand'),
    // With input allowed the script execs the VM instead of forking it under a shell that
    // traps signals: the child this process spawns IS beam.smp, so SIGKILL kills the node.
    // -noinput keeps the Erlang shell off all the same.
    RABBITMQ_ALLOW_INPUT: 'true',
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-noinput -kernel inet_dist_use_interface {127,0,0,1}',
  };
}

/** Runs rabbitmqctl against the node (`-n` its name, its cookie); resolves with stdout. */
export async function rabbitmqctl(
  place: InstancePlace,
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<string> {
  const ctl = rabbitmqScript('rabbitmqctl');
  if (!ctl) throw new Error(`rabbitmqctl is not installed (${RABBITMQ_SERVER_INSTALL})`);
  const node = rabbitmqNodePlace(place);
  const result = await run(ctl, ['-n', node.nodeName, ...args], {
    env: rabbitmqNodeEnv(place),
    cwd: place.dir,
    timeoutMs,
  });
  if (result.code !== 0) {
    throw new Error(
      `rabbitmqctl ${args.join(' ')} exited with ${result.code ?? 'a signal'}: ${(result.stderr || result.stdout).trim()}`,
    );
  }
  return result.stdout;
}

export function rabbitmqKind(options: RabbitmqNodeOptions = {}): PrivateProcessKind {
  return {
    kind: 'rabbitmq',
    binary: 'rabbitmq-server',
    // Debian's /usr/sbin wrapper would re-run it as the rabbitmq user, who cannot write here.
    locate: () => rabbitmqScript('rabbitmq-server'),
    extraPorts: 2,
    installHint: RABBITMQ_SERVER_INSTALL,
    env: rabbitmqNodeEnv,
    files: (place) => ({
      'rabbitmq.conf': rabbitmqNodeConfig(place, options),
      enabled_plugins: options.management === false ? '[].\n' : '[rabbitmq_management].\n',
    }),
    args: () => [],
    // erl passes `-home $HOME` to beam.smp: the node's own directory.
    markers: (place) => ['beam', `-home ${place.dir} `],
    async ready(place, timeoutMs, alive) {
      const { url } = rabbitmqNodePlace(place);
      const deadline = Date.now() + timeoutMs;
      let last = 'not started';
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`rabbitmq-server exited (${last})`);
        const probe = await probeRabbitmq(url, 1_000);
        if (probe.ok) return;
        last = probe.error;
        await sleep(100);
      }
      throw new Error(last);
    },
  };
}
