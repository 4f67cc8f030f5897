// A service's settings from its environment. A missing or malformed value stops the service at
// once with one line naming the variable, in its log, rather than a failure later and elsewhere.

export class ConfigError extends Error {}

export function text(name: string, fallback?: string): string {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`${name} is not set`);
}

export function integer(
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number } = {},
): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not an integer in [${min}, ${max}]`);
  }
  return value;
}

export function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${raw} is not one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

/** What every service reads. */
export interface CommonConfig {
  service: string;
  instance: string;
  port: number;
  redisUrl: string;
  amqpUrl: string;
  kafkaBrokers: string[];
  keyPrefix: string;
  registryTtlMs: number;
  serviceSecret: string;
}

export function commonConfig(): CommonConfig {
  const service = text('SHOP_SERVICE');
  return {
    service,
    instance: text('SHOP_INSTANCE', `${service}-1`),
    port: integer('SHOP_PORT', 0, { min: 0, max: 65535 }),
    redisUrl: text('SHOP_REDIS_URL', 'redis://127.0.0.1:6379'),
    amqpUrl: text('SHOP_AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672'),
    kafkaBrokers: text('SHOP_KAFKA_BROKERS', '127.0.0.1:9092').split(','),
    keyPrefix: text('SHOP_KEY_PREFIX'),
    registryTtlMs: integer('SHOP_REGISTRY_TTL_MS', 3000, { min: 300, max: 600_000 }),
    serviceSecret: text('SHOP_SERVICE_SECRET'),
  };
}
