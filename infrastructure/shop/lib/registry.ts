// The service registry in Redis: each instance keeps `<prefix>registry:<service>:<instance>` =
// its URL alive with a TTL, refreshed every TTL/3; a graceful stop deletes it, a crash lets it
// expire. Callers find instances by the keys alive now.
import type { Redis } from 'ioredis';

export const registryKey = (prefix: string, service: string, instance: string): string =>
  `${prefix}registry:${service}:${instance}`;

export const registryPattern = (prefix: string, service: string): string =>
  `${prefix}registry:${service}:*`;

export interface Heartbeat {
  /** Deletes the key (a graceful stop) and stops refreshing it. */
  deregister(): Promise<void>;
}

export async function startHeartbeat(
  redis: Redis,
  options: { prefix: string; service: string; instance: string; url: string; ttlMs: number },
): Promise<Heartbeat> {
  const key = registryKey(options.prefix, options.service, options.instance);
  const beat = (): Promise<unknown> => redis.set(key, options.url, 'PX', options.ttlMs);
  await beat();
  const timer = setInterval(
    () => void beat().catch(() => undefined),
    Math.max(100, options.ttlMs / 3),
  );
  return {
    async deregister() {
      clearInterval(timer);
      await redis.del(key);
    },
  };
}
