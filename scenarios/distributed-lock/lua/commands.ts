// The lock's two scripts as custom commands, loaded from their .lua files by the Redis kit.
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../../src/sdk/redis/index.ts';

interface LockCommands {
  /** The fencing token of a new grant, or 0 when the lock is taken. */
  acquireLock(lock: string, fence: string, owner: string, ttlMs: number): Promise<number>;
  /** 1 when the owner's own lock was deleted, 0 when it had expired or passed on. */
  releaseLock(lock: string, owner: string): Promise<number>;
}

export type LockRedis = Redis & LockCommands;

export function defineLock(redis: Redis): LockRedis {
  return defineLuaCommands<LockCommands>(redis, import.meta.url, {
    acquireLock: { file: 'acquire', numberOfKeys: 2 },
    releaseLock: { file: 'release', numberOfKeys: 1 },
  });
}
