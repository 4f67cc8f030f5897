// The transfer script as a custom command, loaded from its .lua file by the Redis kit.
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../../src/sdk/redis/index.ts';

interface TransferCommands {
  /** The new balance of `from`, or -1 when it could not cover `amount`. */
  transfer(from: string, to: string, amount: number): Promise<number>;
}

export type TransferRedis = Redis & TransferCommands;

export function defineTransfer(redis: Redis): TransferRedis {
  return defineLuaCommands<TransferCommands>(redis, import.meta.url, {
    transfer: { file: 'transfer', numberOfKeys: 2 },
  });
}
