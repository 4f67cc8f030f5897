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
  /** How many finished runs and recordings the history keeps (the oldest go first). */
  runHistory: number;
  logLevel: string;
  /** Host names answered besides loopback, IP literals and HOST (DNS-rebinding guard). */
  allowedHosts: string[];
  /** Browser origins whose pages may open a socket, besides the server's own. */
  allowedOrigins: string[];
}

export const DEFAULTS = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  KAFKA_BROKERS: '127.0.0.1:9092',
  HOST: '127.0.0.1',
  PORT: '3000',
  MAX_RUNS: '4',
  TICK_MS: '250',
  RUN_HISTORY: '500',
  LOG_LEVEL: 'info',
  ALLOWED_HOSTS: '',
  ALLOWED_ORIGINS: '',
} as const;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    // The value is quoted back to the person who set it, but a log is no place for a password.
    super(`${variable}: ${redactCredentials(reason)}`);
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

function list(env: Env, name: 'ALLOWED_HOSTS' | 'ALLOWED_ORIGINS'): string[] {
  return pick(env, name)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseHostName(name: string, value: string): string {
  if (value === '*' || /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(value))
    return value.toLowerCase();
  throw new ConfigError(
    name,
    `"${value}" is not a host name (e.g. playground.lan, or .lan for any name under it, or *)`,
  );
}

function parseOrigin(name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.origin !== value.replace(/\/$/, '')
  ) {
    throw new ConfigError(name, `"${value}" is not an origin (e.g. http://192.168.1.20:5173)`);
  }
  return url.origin;
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
    runHistory: parseInteger('RUN_HISTORY', pick(env, 'RUN_HISTORY'), 1, 100_000),
    logLevel,
    allowedHosts: list(env, 'ALLOWED_HOSTS').map((h) => parseHostName('ALLOWED_HOSTS', h)),
    allowedOrigins: list(env, 'ALLOWED_ORIGINS').map((o) => parseOrigin('ALLOWED_ORIGINS', o)),
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Any `scheme://user:password@` in a text, with the password replaced by ***. */
export function redactCredentials(text: string): string {
  // Greedy up to the last @ before the host: a password may itself hold an unescaped @.
  return text.replace(/(\/\/[^\s/@:"]*):[^\s/"]*@/g, '$1:***@');
}

/** host:port of a broker URL, for messages and the health report (never the password). */
export function addressOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('amqp') ? '5672' : '6379')}`;
}
