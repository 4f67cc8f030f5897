// INFO as numbers: the server's own account (evicted keys, memory, keyspace hits, error
// counts) that a scenario's checks hold its clients' counts against.
import type { Redis } from 'ioredis';

/** `field:value` lines of an INFO reply; numeric values as numbers, the rest as strings. */
export function parseInfo(text: string): Record<string, number | string> {
  const fields: Record<string, number | string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (line.startsWith('#') || colon < 0) continue;
    const value = line.slice(colon + 1).trim();
    const n = Number(value);
    fields[line.slice(0, colon)] = value !== '' && Number.isFinite(n) ? n : value;
  }
  return fields;
}

/** One numeric INFO field (0 when the server does not report it, as errorstats omit zeros). */
export function infoNumber(info: Record<string, number | string>, field: string): number {
  const value = info[field];
  return typeof value === 'number' ? value : 0;
}

/**
 * How many replies of one error kind the server sent (INFO errorstats, Redis 6.2+):
 * `errorstat_OOM:count=3` → 3; 0 when none.
 */
export function errorCount(info: Record<string, number | string>, kind: string): number {
  const value = info[`errorstat_${kind}`];
  const match = typeof value === 'string' ? /count=(\d+)/.exec(value) : null;
  return match ? Number(match[1]) : 0;
}

export async function readInfo(
  redis: Redis,
  ...sections: string[]
): Promise<Record<string, number | string>> {
  const parts = await Promise.all(
    (sections.length ? sections : ['default']).map((s) => redis.info(s)),
  );
  return parseInfo(parts.join('\n'));
}

export interface CommandStat {
  /** Calls that ran. */
  calls: number;
  /** Refused before running (ACL, NOAUTH, arity, OOM…; Redis 7.0+). */
  rejectedCalls: number;
  /** Ran and replied with an error (Redis 7.0+). */
  failedCalls: number;
}

/**
 * One command's INFO commandstats line (`cmdstat_get:calls=3,usec=5,…,rejected_calls=1,…`);
 * subcommands are named with a bar (`config|get`). Zeros when Redis has not seen it.
 */
export function commandStat(info: Record<string, number | string>, command: string): CommandStat {
  const value = info[`cmdstat_${command.toLowerCase()}`];
  const field = (name: string): number => {
    const match =
      typeof value === 'string' ? new RegExp(`(?:^|,)${name}=(\\d+)`).exec(value) : null;
    return match ? Number(match[1]) : 0;
  };
  return {
    calls: field('calls'),
    rejectedCalls: field('rejected_calls'),
    failedCalls: field('failed_calls'),
  };
}
