// Lua scripts kept as .lua files next to the code that uses them and defined on a connection as
// custom commands by name, the way BullMQ does: ioredis sends each script's body once per
// connection (EVAL on a NOSCRIPT) and EVALSHA after that, inside pipelines too. A .lua file is
// easier to read, diff and try in redis-cli than a script held in a string.
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export interface LuaCommandSpec {
  /** The script's file name, without `.lua`, resolved against the folder given. */
  file: string;
  /** How many of the command's leading arguments are keys (KEYS[1..n]); the rest are ARGV. */
  numberOfKeys: number;
}

const sources = new Map<string, string>();

/**
 * The text of `<file>.lua`, read once per process. `near` is `import.meta.url` of a module in
 * the scripts' folder, or the folder's own URL (with its trailing slash).
 */
export function luaSource(near: string | URL, file: string): string {
  const url = new URL(`./${file}.lua`, near);
  let source = sources.get(url.href);
  if (source === undefined) {
    source = readFileSync(url, 'utf8');
    sources.set(url.href, source);
  }
  return source;
}

/**
 * Defines each command of `commands` on `redis` from its .lua file (idempotent per connection)
 * and returns the connection typed with them. `C` names the commands and their signatures, e.g.
 * `{ acquireLock(key: string, token: string, ttlMs: number): Promise<number> }`.
 */
export function defineLuaCommands<C extends object>(
  redis: Redis,
  near: string | URL,
  commands: { [K in keyof C & string]: LuaCommandSpec },
): Redis & C {
  for (const [name, spec] of Object.entries(commands) as [string, LuaCommandSpec][]) {
    redis.defineCommand(name, { numberOfKeys: spec.numberOfKeys, lua: luaSource(near, spec.file) });
  }
  return redis as Redis & C;
}
