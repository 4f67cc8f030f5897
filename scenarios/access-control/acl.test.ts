import { expect, it } from 'vitest';
import { parseAclLog, reasonOf, sumBy } from './acl.ts';

it('names the refusal a reply stands for, in the words of Redis 7.0 and 7.2', () => {
  const r = (message: string): string | undefined => reasonOf(new Error(message));
  expect(r("NOPERM this user has no permissions to run the 'keys' command")).toBe('command');
  expect(r("NOPERM User app has no permissions to run the 'flushall' command")).toBe('command');
  expect(r('NOPERM this user has no permissions to access one of the keys used as arguments')).toBe(
    'key',
  );
  expect(r('NOPERM No permissions to access a key')).toBe('key');
  expect(r('NOPERM No permissions to access a channel')).toBe('channel');
  expect(r('WRONGPASS invalid username-password pair or user is disabled.')).toBe('auth');
  expect(r('NOAUTH Authentication required.')).toBe('noauth');
  expect(r('ERR wrong number of arguments')).toBeUndefined();
});

it('reads ACL LOG entries and sums their counts', () => {
  const entries = parseAclLog([
    ['count', 3, 'reason', 'key', 'context', 'toplevel', 'object', 'k', 'username', 'app'],
    ['count', 2, 'reason', 'auth', 'context', 'toplevel', 'object', 'auth', 'username', 'app'],
    ['count', 1, 'reason', 'auth', 'object', 'auth', 'username', 'default', 'entry-id', 4],
  ]);
  expect(sumBy(entries, 'reason')).toEqual({ key: 3, auth: 3 });
  expect(sumBy(entries, 'username')).toEqual({ app: 5, default: 1 });
  expect(parseAclLog('not a list')).toEqual([]);
});
