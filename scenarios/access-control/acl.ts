// The users of the private instance as ACL rules, the refusal a client saw as an ACL LOG reason,
// and the ACL LOG read back as sums per reason.
import type { Redis } from 'ioredis';
import type { AccessControlParams } from './params.ts';

/** ACL LOG's reasons, plus NOAUTH: a command on a connection that never logged in. */
export const REASONS = ['command', 'key', 'channel', 'auth', 'noauth'] as const;
export type Reason = (typeof REASONS)[number];
/** The reasons ACL LOG records; a NOAUTH refusal has no user to blame and is not logged. */
export const LOGGED_REASONS = ['command', 'key', 'channel', 'auth'] as const;

/** What the app may run. ioredis sends INFO (its ready check) and CLIENT SETNAME on connect. */
export const APP_COMMANDS = ['get', 'set', 'incr', 'publish', 'ping', 'info', 'client|setname'];

/** Every command the app and the intruder send; the admin connection uses none of them. */
export const WATCHED_COMMANDS = ['get', 'set', 'incr', 'publish', 'flushall', 'keys', 'config|get'];

export function appPatternRules(p: Pick<AccessControlParams, 'appPatterns'>, prefix: string) {
  return p.appPatterns === 'everything'
    ? ['resetkeys', '~*', 'resetchannels', '&*']
    : ['resetkeys', `~${prefix}*`, 'resetchannels', `&${prefix}*`];
}

export function appUserRules(
  p: Pick<AccessControlParams, 'appPatterns'>,
  prefix: string,
  password: string,
): string[] {
  return [
    'on',
    `>${password}`,
    ...appPatternRules(p, prefix),
    '-@all',
    ...APP_COMMANDS.map((c) => `+${c}`),
  ];
}

export function defaultUserRules(p: Pick<AccessControlParams, 'defaultUser'>): string[] {
  return p.defaultUser === 'nopass' ? ['on', 'nopass', '~*', '&*', '+@all'] : ['off'];
}

/** The refusal a reply's error stands for, from its text; undefined when it is no refusal. */
export function reasonOf(error: Error): Reason | undefined {
  const message = error.message;
  if (message.startsWith('WRONGPASS')) return 'auth';
  if (message.startsWith('NOAUTH')) return 'noauth';
  if (!message.startsWith('NOPERM')) return undefined;
  // Checked first: "run the 'keys' command" names a command, not a key.
  if (/run the '.*' command/.test(message)) return 'command';
  if (/\bchannels?\b/i.test(message)) return 'channel';
  if (/\bkeys?\b/i.test(message)) return 'key';
  return 'command';
}

export interface AclLogEntry {
  count: number;
  reason: string;
  object: string;
  username: string;
}

/** ACL LOG's flat `name, value, …` reply per entry, as an object. */
export function parseAclLog(reply: unknown): AclLogEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((flat: unknown) => {
    const fields = new Map<string, unknown>();
    const list = Array.isArray(flat) ? (flat as unknown[]) : [];
    for (let i = 0; i + 1 < list.length; i += 2) fields.set(String(list[i]), list[i + 1]);
    return {
      count: Number(fields.get('count') ?? 0),
      reason: String(fields.get('reason') ?? ''),
      object: String(fields.get('object') ?? ''),
      username: String(fields.get('username') ?? ''),
    };
  });
}

export async function readAclLog(redis: Redis, max: number): Promise<AclLogEntry[]> {
  return parseAclLog(await redis.call('ACL', 'LOG', String(max)));
}

/** Refusals per reason (or user): repeats of one refusal are one entry with a `count`. */
export function sumBy(
  entries: AclLogEntry[],
  field: 'reason' | 'username',
): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const e of entries) sums[e[field]] = (sums[e[field]] ?? 0) + e.count;
  return sums;
}
