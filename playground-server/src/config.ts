// Configuration comes from the environment only, validated once at start so a bad value stops
// the process with one line naming the variable, instead of surfacing later as a broker error.

export interface PlaygroundConfig {
  redisUrl: string;
  amqpUrl: string;
  kafkaBrokers: string[];
  host: string;
  port: number;
  /** Required for start/stop/tune once the server listens beyond loopback. */
  trainerToken: string | undefined;
  maxRuns: number;
  tickMs: number;
  logLevel: string;
}

export const DEFAULTS = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  KAFKA_BROKERS: '127.0.0.1:9092',
  HOST: '127.0.0.1',
  PORT: '3000',
  MAX_RUNS: '4',
  TICK_MS: '250',
  LOG_LEVEL: 'info',
} as const;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function pick(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? DEFAULTS[name] : value.trim();
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      name,
      `"${value}" is not a URL (expected e.g. ${protocols[0]}//host:port)`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `"${value}" has protocol ${url.protocol}; expected ${protocols.join(' or ')}`,
    );
  }
  if (url.hostname === '') throw new ConfigError(name, `"${value}" has no host`);
  return value;
}

function parsePort(name: string, value: string, allowZero: boolean): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535 || (!allowZero && port === 0)) {
    throw new ConfigError(name, `"${value}" is not a port number (${allowZero ? 0 : 1}-65535)`);
  }
  return port;
}

function parseHostPort(name: string, value: string): string {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d+)$/.exec(value);
  if (!match) throw new ConfigError(name, `"${value}" is not host:port`);
  parsePort(name, match[2] ?? '', false);
  return value;
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `"${value}" must be an integer from ${min} to ${max}`);
  }
  return n;
}

export function loadConfig(env: Env = process.env): PlaygroundConfig {
  const brokers = pick(env, 'KAFKA_BROKERS')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS', 'lists no broker');
  const logLevel = pick(env, 'LOG_LEVEL');
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" must be one of ${levels.join(', ')}`);
  }
  const token = env.TRAINER_TOKEN?.trim();
  const host = pick(env, 'HOST');
  if (!isLoopback(host) && (token === undefined || token === '')) {
    throw new ConfigError(
      'TRAINER_TOKEN',
      `required when HOST (${host}) is not a loopback address: viewers may watch, only the trainer may start, stop and tune runs`,
    );
  }
  return {
    redisUrl: parseUrl('REDIS_URL', pick(env, 'REDIS_URL'), ['redis:', 'rediss:']),
    amqpUrl: parseUrl('AMQP_URL', pick(env, 'AMQP_URL'), ['amqp:', 'amqps:']),
    kafkaBrokers: brokers.map((b) => parseHostPort('KAFKA_BROKERS', b)),
    host,
    port: parsePort('PORT', pick(env, 'PORT'), true),
    trainerToken: token === undefined || token === '' ? undefined : token,
    maxRuns: parseInteger('MAX_RUNS', pick(env, 'MAX_RUNS'), 1, 64),
    tickMs: parseInteger('TICK_MS', pick(env, 'TICK_MS'), 50, 5000),
    logLevel,
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** host:port of a broker URL, for messages and the health report (never the password). */
export function addressOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('amqp') ? '5672' : '6379')}`;
}
