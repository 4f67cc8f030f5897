// One stateless app instance: it keeps nothing about a user between requests, only its own
// connection to the shared session store. Any instance can serve any page view.
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../src/sdk/redis/index.ts';

interface SessionCommands {
  touchSession(key: string, ttlMs: number, instance: number): Promise<[string, number] | null>;
}

export interface SessionView {
  user: string;
  views: number;
}

export class AppInstance {
  private readonly redis: Redis & SessionCommands;

  constructor(
    readonly index: number,
    redis: Redis,
  ) {
    this.redis = defineLuaCommands<SessionCommands>(redis, new URL('./lua/', import.meta.url), {
      touchSession: { file: 'touch-session', numberOfKeys: 1 },
    });
  }

  /** Creates the session hash and its idle timeout together (MULTI), so none lives unbounded. */
  async login(key: string, user: string, ttlMs: number): Promise<void> {
    const replies = await this.redis
      .multi()
      .hset(key, { user, views: 0, instance: this.index, createdAt: Date.now() })
      .pexpire(key, ttlMs)
      .exec();
    const failed = replies?.find(([error]) => error !== null);
    if (replies === null || failed !== undefined) {
      throw failed?.[0] ?? new Error(`login of ${key} was discarded`);
    }
  }

  /** A page view: the session as Redis holds it after counting this view, or null if gone. */
  async view(key: string, ttlMs: number): Promise<SessionView | null> {
    const reply = await this.redis.touchSession(key, Math.max(1, Math.round(ttlMs)), this.index);
    return reply === null ? null : { user: String(reply[0]), views: Number(reply[1]) };
  }

  /** Logs out (DEL); false when the session had already expired. */
  async logout(key: string): Promise<boolean> {
    return (await this.redis.del(key)) === 1;
  }

  /** Reads a session without sliding its timeout (for the final checks). */
  async peek(key: string): Promise<SessionView | null> {
    const hash = await this.redis.hgetall(key);
    return hash.user === undefined ? null : { user: hash.user, views: Number(hash.views) };
  }

  exists(keys: string[]): Promise<number[]> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.exists(key);
    return pipeline.exec().then((replies) =>
      (replies ?? []).map(([error, n]) => {
        if (error !== null) throw error;
        return Number(n);
      }),
    );
  }
}
