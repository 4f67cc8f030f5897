// The five limiters as custom commands on an ioredis connection, one .lua file per algorithm
// next to this file, defined through the Redis kit's loader.
//
// Time: every script takes `now` from the caller instead of calling redis.call('TIME'). The
// playground sends all requests from one process with one clock, so nothing is lost by it, and
// it buys three things: the five limiters see the very same instant for the same request; the
// run's own record of allowed timestamps (maxInAnyWindow) uses exactly the times the scripts
// judged by; and the tests can replay exact timings without sleeping. A fleet of app servers
// with drifting clocks should use TIME instead, so that all of them agree on one clock.
import type { ChainableCommander, Redis } from 'ioredis';
import { defineLuaCommands } from '../../src/sdk/redis/index.ts';
import type { LuaCommandSpec } from '../../src/sdk/redis/index.ts';

export const ALGORITHMS = [
  'fixed-window',
  'sliding-log',
  'sliding-window-counter',
  'token-bucket',
  'gcra',
] as const;

export type Algorithm = (typeof ALGORITHMS)[number];

/** The ioredis command name each script is defined under. */
export const COMMAND: Readonly<Record<Algorithm, CommandName>> = {
  'fixed-window': 'limitFixedWindow',
  'sliding-log': 'limitSlidingLog',
  'sliding-window-counter': 'limitSlidingWindowCounter',
  'token-bucket': 'limitTokenBucket',
  gcra: 'limitGcra',
};

type CommandName =
  | 'limitFixedWindow'
  | 'limitSlidingLog'
  | 'limitSlidingWindowCounter'
  | 'limitTokenBucket'
  | 'limitGcra';

/**
 * Every limiter takes the same arguments: the client's key, the time now (ms on the caller's
 * clock), the limit, the window (ms) and a request id unique within the key; it answers 1
 * (allowed) or 0 (rejected).
 */
type LimiterCall<R> = (
  key: string,
  nowMs: number,
  limit: number,
  windowMs: number,
  requestId: number,
) => R;

type LimiterCommands = Record<CommandName, LimiterCall<Promise<number>>>;
export type LimiterRedis = Redis & LimiterCommands;
export type LimiterPipeline = ChainableCommander & Record<CommandName, LimiterCall<unknown>>;

const SPECS = Object.fromEntries(
  ALGORITHMS.map((a): [CommandName, LuaCommandSpec] => [COMMAND[a], { file: a, numberOfKeys: 1 }]),
) as Record<CommandName, LuaCommandSpec>;

/** Defines the five limiter commands on `redis` (idempotent per connection). */
export function defineLimiters(redis: Redis): LimiterRedis {
  return defineLuaCommands<LimiterCommands>(redis, import.meta.url, SPECS);
}

/** A pipeline on a connection that `defineLimiters` prepared. */
export function limiterPipeline(redis: LimiterRedis): LimiterPipeline {
  return redis.pipeline() as LimiterPipeline;
}
