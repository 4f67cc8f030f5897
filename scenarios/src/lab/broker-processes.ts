// Which local processes are a target's broker, so the sampler can read their CPU and memory.
// Each is found from a source that names that exact broker, not a guess by process name alone:
// Redis tells its own pid (INFO server); the launcher's state file records the Kafka JVM it
// started; RabbitMQ's beam.smp is found by its command line, skipping the private instances the
// playground's scenarios start (they run from .playground/private). A broker in Docker or on
// another host is not found, and the report says its resources were not measured.
import { readFileSync, readdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { BrokerAddresses } from '../engine/addresses.ts';
import { readState } from '../../../infrastructure/launcher/state.ts';
import { PRIVATE_DIR } from '../../../infrastructure/launcher/private/paths.ts';
import type { BrokerName } from '../sdk/spec.ts';
import type { WatchedProcess } from './proc-sampler.ts';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

function isLocal(hostname: string): boolean {
  return LOCAL_HOSTS.has(hostname);
}

export async function redisProcess(redisUrl: string): Promise<WatchedProcess | undefined> {
  if (!isLocal(new URL(redisUrl).hostname)) return undefined;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const info = await redis.info('server');
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    // In a container the pid is the container's own: only trust it when it is a redis-server here.
    if (!Number.isInteger(pid) || !(commandLine(pid) ?? '').includes('redis-server'))
      return undefined;
    return { name: 'redis-server', pid };
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

export function kafkaProcess(
  kafkaBrokers: string[],
  stateFile?: string,
): WatchedProcess | undefined {
  const record = readState(stateFile).kafka;
  if (record?.startedBy !== 'launcher') return undefined;
  // Only when the comparison's brokers are the launcher's own.
  if (!kafkaBrokers.includes(record.address)) return undefined;
  const command = commandLine(record.pid);
  if (command === undefined || !record.markers.every((m) => command.includes(m))) return undefined;
  return { name: 'kafka (java)', pid: record.pid };
}

/** The node serving the shared RabbitMQ: a beam.smp booting `rabbit`, not a private instance. */
export function rabbitmqProcess(amqpUrl: string, stateFile?: string): WatchedProcess | undefined {
  if (!isLocal(new URL(amqpUrl).hostname)) return undefined;
  const record = readState(stateFile).rabbitmq;
  if (record?.startedBy === 'launcher' && commandLine(record.pid)?.includes('beam')) {
    return { name: 'rabbitmq (beam.smp)', pid: record.pid };
  }
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = commandLine(Number(entry));
    if (command === undefined || !command.includes('beam.smp') || !command.includes('rabbit boot'))
      continue;
    if (isPrivateInstance(Number(entry))) continue;
    found.push(Number(entry));
  }
  // Two candidates: no way to tell which one listens on the URL's port, so neither is claimed.
  return found.length === 1 ? { name: 'rabbitmq (beam.smp)', pid: found[0]! } : undefined;
}

/** Private instances get their directories from the environment, under .playground/private. */
function isPrivateInstance(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(PRIVATE_DIR);
  } catch {
    // Another user's environment cannot be read; the playground's private ones run as us.
    return false;
  }
}

export async function brokerProcesses(
  broker: BrokerName,
  addresses: BrokerAddresses,
): Promise<WatchedProcess[]> {
  let found: WatchedProcess | undefined;
  if (broker === 'redis') found = await redisProcess(addresses.redisUrl);
  else if (broker === 'kafka') found = kafkaProcess(addresses.kafkaBrokers);
  else found = rabbitmqProcess(addresses.amqpUrl);
  return found === undefined ? [] : [found];
}
