import { expect, it } from 'vitest';
import { errorCount, infoNumber, parseInfo } from './info.ts';

const sample = [
  '# Stats',
  'evicted_keys:12',
  'keyspace_hits:0',
  'maxmemory_policy:allkeys-lru',
  '',
  '# Errorstats',
  'errorstat_OOM:count=3',
  'errorstat_NOPERM:count=7',
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
