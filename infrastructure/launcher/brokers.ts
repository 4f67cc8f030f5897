// One description per broker, built from the playground's configuration: where it should answer,
// how to probe it, and how Docker or the local launcher would provide it.
import { resolve } from 'node:path';
import type { PlaygroundConfig } from '../../playground-server/src/config.ts';
import { LaunchError } from './errors.ts';
import {
  JAVA_INSTALL_HINT,
  findJava,
  kafkaJarsComplete,
  kafkaProcess,
  startKafka,
} from './kafka.ts';
import { brokerDir } from './paths.ts';
import { findBinary } from './process.ts';
import { probeKafka, probeRabbitmq, probeRedis } from './probe.ts';
import type { ProbeResult } from './probe.ts';
import {
  RABBITMQ_INSTALL_HINT,
  rabbitmqProcess,
  rabbitmqScript,
  startRabbitmq,
} from './rabbitmq.ts';
import { REDIS_INSTALL_HINT, redisProcess, startRedis } from './redis.ts';
import type { BrokerName, LaunchedProcess } from './state.ts';

export interface BrokerSpec {
  name: BrokerName;
  /** host:port, for messages. */
  address: string;
  /** The environment variable that sets the address. */
  envVar: 'REDIS_URL' | 'AMQP_URL' | 'KAFKA_BROKERS';
  /** Only a broker meant to run on this machine is started by Docker or the launcher. */
  startable: boolean;
  readyTimeoutMs: number;
  probe(timeoutMs: number): Promise<ProbeResult>;
  composeService: string;
  composeEnv: Record<string, string>;
  /** Pid file and markers a launched instance for this configuration would have. */
  launched: Omit<LaunchedProcess, 'pid'>;
  /** A missing prerequisite, found before anything is started. */
  preflight(): LaunchError | undefined;
  startLocal(progress: (message: string) => void): Promise<LaunchedProcess>;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function redisSpec(url: URL): BrokerSpec {
  const port = Number(url.port || 6379);
  const password = decodeURIComponent(url.password);
  const dir = brokerDir('redis');
  return {
    name: 'redis',
    address: `${url.hostname}:${port}`,
    envVar: 'REDIS_URL',
    // The launcher's redis-server speaks plain TCP; a rediss:// URL wants TLS.
    startable: isLoopback(url.hostname) && url.protocol === 'redis:',
    readyTimeoutMs: 30_000,
    probe: (t) => probeRedis(url.href, t),
    composeService: 'redis',
    composeEnv: { PLAYGROUND_REDIS_PORT: String(port) },
    launched: redisProcess({ port, dir }),
    preflight: () =>
      findBinary('redis-server')
        ? undefined
        : new LaunchError('redis-server is not installed', REDIS_INSTALL_HINT),
    startLocal: () => startRedis({ port, dir, ...(password ? { password } : {}) }),
  };
}

function rabbitmqSpec(url: URL): BrokerSpec {
  const port = Number(url.port || 5672);
  const managementPort = port === 5672 ? 15672 : port + 10000;
  const user = decodeURIComponent(url.username) || 'guest';
  const password = decodeURIComponent(url.password) || 'guest';
  const vhost = decodeURIComponent(url.pathname.slice(1)) || '/';
  const dir = brokerDir('rabbitmq');
  return {
    name: 'rabbitmq',
    address: `${url.hostname}:${port}`,
    envVar: 'AMQP_URL',
    startable: isLoopback(url.hostname) && url.protocol === 'amqp:',
    readyTimeoutMs: 30_000,
    probe: (t) => probeRabbitmq(url.href, t),
    composeService: 'rabbitmq',
    composeEnv: {
      PLAYGROUND_RABBITMQ_PORT: String(port),
      PLAYGROUND_RABBITMQ_MANAGEMENT_PORT: String(managementPort),
      PLAYGROUND_RABBITMQ_USER: user,
      PLAYGROUND_RABBITMQ_PASS: password,
      PLAYGROUND_RABBITMQ_VHOST: vhost,
    },
    launched: rabbitmqProcess({ port, dir }),
    preflight: () =>
      rabbitmqScript('rabbitmq-server')
        ? undefined
        : new LaunchError('rabbitmq-server is not installed', RABBITMQ_INSTALL_HINT),
    startLocal: () => startRabbitmq({ port, managementPort, dir, user, password, vhost }),
  };
}

function kafkaSpec(first: string): BrokerSpec {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(first);
  const host = match?.[1] ?? '127.0.0.1';
  const port = Number(match?.[2] ?? 9092);
  const dir = brokerDir('kafka');
  return {
    name: 'kafka',
    address: first,
    envVar: 'KAFKA_BROKERS',
    startable: isLoopback(host),
    readyTimeoutMs: 120_000,
    probe: (t) => probeKafka(first, t),
    composeService: 'kafka',
    composeEnv: { PLAYGROUND_KAFKA_PORT: String(port) },
    launched: kafkaProcess(dir),
    preflight: () => {
      if (!findJava()) return new LaunchError('java is not installed', JAVA_INSTALL_HINT);
      if (!kafkaJarsComplete(resolve(dir, 'libs')) && !findBinary('mvn')) {
        return new LaunchError('mvn (Maven) is not installed', JAVA_INSTALL_HINT);
      }
      return undefined;
    },
    startLocal: (progress) => startKafka({ host, port, dir, progress }),
  };
}

export function brokerSpecs(config: PlaygroundConfig): Record<BrokerName, BrokerSpec> {
  return {
    redis: redisSpec(new URL(config.redisUrl)),
    rabbitmq: rabbitmqSpec(new URL(config.amqpUrl)),
    // A client needs one bootstrap broker; the launcher provides (at most) the first.
    kafka: kafkaSpec(config.kafkaBrokers[0] ?? '127.0.0.1:9092'),
  };
}
