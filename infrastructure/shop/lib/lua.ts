// Lua scripts kept as `.lua` files beside the code and loaded by name as Redis commands (the
// way BullMQ keeps its scripts): `scripts/token-bucket.lua` becomes `redis.tokenBucket(...)`.
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export function defineLuaCommand(
  redis: Redis,
  name: string,
  file: URL,
  numberOfKeys: number,
): void {
  redis.defineCommand(name, { numberOfKeys, lua: readFileSync(file, 'utf8') });
}
