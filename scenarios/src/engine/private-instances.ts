// A run's private instances, as its scenario sees them: `ctx.privateRedis(settings)` starts a
// redis-server of the run's own (infrastructure/launcher/private) and hands back clients and a
// handle; `closeAll` (called however the run ends) closes the clients, kills the processes and
// deletes their directory.
import { Redis } from 'ioredis';
import {
  REDIS_SERVER_INSTALL,
  RunInstances,
  findBinary,
  redisKind,
} from '../../../infrastructure/launcher/private/index.ts';
import type {
  PrivateProcess,
  RedisConfigLine,
} from '../../../infrastructure/launcher/private/index.ts';
import type { PrivateRedis, PrivateRedisSettings, RedisLogin, Requirement } from '../sdk/index.ts';

const INSTALL: Record<Requirement, string> = { 'redis-server': REDIS_SERVER_INSTALL };

/** What is missing of what the scenario requires, each with its install command. */
export function missingRequirements(requires: readonly Requirement[] = []): string[] {
  return requires
    .filter((binary) => findBinary(binary) === undefined)
    .map((binary) => `${binary} is not installed (install it: \`${INSTALL[binary]}\`)`);
}

export function redisConfigLines(settings: PrivateRedisSettings): RedisConfigLine[] {
  const lines: RedisConfigLine[] = [];
  if (settings.maxmemoryMb !== undefined) lines.push(['maxmemory', `${settings.maxmemoryMb}mb`]);
  if (settings.maxmemoryPolicy) lines.push(['maxmemory-policy', settings.maxmemoryPolicy]);
  if (settings.appendonly !== undefined) {
    lines.push(['appendonly', settings.appendonly ? 'yes' : 'no']);
  }
  if (settings.appendfsync) lines.push(['appendfsync', settings.appendfsync]);
  if (settings.save !== undefined) lines.push(['save', settings.save]);
  for (const user of settings.users ?? []) lines.push(['user', user]);
  for (const [directive, value] of Object.entries(settings.config ?? {})) {
    lines.push([directive, String(value)]);
  }
  return lines;
}

class RunPrivateRedis implements PrivateRedis {
  private main: Promise<Redis> | undefined;

  constructor(
    private readonly proc: PrivateProcess,
    private readonly login: RedisLogin | undefined,
    private readonly clients: Redis[],
    private readonly clientName: string,
  ) {}

  get address(): string {
    return this.proc.address;
  }

  get pid(): number {
    return this.proc.pid;
  }

  client(): Promise<Redis> {
    this.main ??= this.connect();
    return this.main;
  }

  async connect(login = this.login): Promise<Redis> {
    const client = new Redis({
      host: '127.0.0.1',
      port: this.proc.port,
      ...(login ? { username: login.username, password: login.password } : {}),
      lazyConnect: true,
      // While the server is down (killed, restarting) commands fail at once and are not
      // acknowledged; the client keeps reconnecting until the run closes it.
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
      connectionName: this.clientName,
    });
    client.on('error', () => {
      /* reported through the failing command */
    });
    this.clients.push(client);
    await client.connect();
    return client;
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }

  restart(): Promise<void> {
    return this.proc.restart();
  }
}

export class RunPrivateInstances {
  private readonly instances: RunInstances;
  private readonly clients: Redis[] = [];

  constructor(private readonly runId: string) {
    this.instances = new RunInstances(runId);
  }

  async redis(settings: PrivateRedisSettings): Promise<PrivateRedis> {
    const proc = await this.instances.start(redisKind(redisConfigLines(settings)));
    return new RunPrivateRedis(proc, settings.login, this.clients, `playground-${this.runId}`);
  }

  /** Closes the clients, kills every instance and deletes the run's private directory. */
  async closeAll(): Promise<void> {
    for (const client of this.clients.splice(0)) client.disconnect();
    await this.instances.closeAll();
  }
}
