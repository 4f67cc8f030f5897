import { expect, it } from 'vitest';
import { commandStat, errorCount, infoNumber, parseInfo } from './info.ts';

const sample = [
  '# Stats',
  'evicted_keys:12',
  'keyspace_hits:0',
  'maxmemory_policy:allkeys-lru',
  '',
  '# Errorstats',
  'errorstat_OOM:count=3',
  'errorstat_NOPERM:count=7',
  '',
  '# Commandstats',
  'cmdstat_get:calls=3,usec=5,usec_per_call=1.67,rejected_calls=1,failed_calls=0',
  'cmdstat_config|get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=4,failed_calls=2',
].join('\r\n');

it('reads numbers, strings and error counts from INFO', () => {
  const info = parseInfo(sample);
  expect(infoNumber(info, 'evicted_keys')).toBe(12);
  expect(infoNumber(info, 'keyspace_hits')).toBe(0);
  expect(info.maxmemory_policy).toBe('allkeys-lru');
  expect(infoNumber(info, 'maxmemory_policy')).toBe(0);
  expect(infoNumber(info, 'missing')).toBe(0);
  expect(errorCount(info, 'OOM')).toBe(3);
  expect(errorCount(info, 'NOPERM')).toBe(7);
  expect(errorCount(info, 'WRONGTYPE')).toBe(0);
});

it("reads a command's calls, rejected and failed calls from commandstats", () => {
  const info = parseInfo(sample);
  expect(commandStat(info, 'GET')).toEqual({ calls: 3, rejectedCalls: 1, failedCalls: 0 });
  expect(commandStat(info, 'config|get')).toEqual({ calls: 0, rejectedCalls: 4, failedCalls: 2 });
  expect(commandStat(info, 'flushall')).toEqual({ calls: 0, rejectedCalls: 0, failedCalls: 0 });
});
