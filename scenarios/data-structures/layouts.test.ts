import { expect, it } from 'vitest';
import { fieldValue, formatCounts, predictEncodings } from './layouts.ts';

const shape = { objects: 120, fields: 8, valueBytes: 16, bucketObjects: 50 };
const limits = { entries: 512, value: 64 };

it('predicts listpack while a hash is within both thresholds, hashtable past either', () => {
  expect(predictEncodings('hash', shape, limits)).toEqual({ listpack: 120 });
  expect(predictEncodings('hash', { ...shape, valueBytes: 65 }, limits)).toEqual({
    hashtable: 120,
  });
  expect(predictEncodings('hash', { ...shape, valueBytes: 64 }, limits)).toEqual({ listpack: 120 });
  expect(predictEncodings('hash', { ...shape, fields: 513 }, limits)).toEqual({ hashtable: 120 });
  // Buckets of 50 × 8 = 400 fields, the last one 20 × 8 = 160.
  expect(predictEncodings('bucketed', shape, limits)).toEqual({ listpack: 3 });
  expect(predictEncodings('bucketed', shape, { entries: 200, value: 64 })).toEqual({
    hashtable: 2,
    listpack: 1,
  });
});

it('predicts embstr for strings of at most 44 bytes', () => {
  // {"f1":"…"} is 9 bytes around the value.
  expect(predictEncodings('json', { ...shape, fields: 1, valueBytes: 35 }, limits)).toEqual({
    embstr: 120,
  });
  expect(predictEncodings('json', { ...shape, fields: 1, valueBytes: 36 }, limits)).toEqual({
    raw: 120,
  });
});

it('writes values of exactly the asked length, and counts encodings in a fixed order', () => {
  expect(fieldValue(7, 2, 3, 16)).toHaveLength(16);
  expect(fieldValue(7, 2, 3, 1)).toHaveLength(1);
  expect(fieldValue(7, 2, 3, 16)).not.toBe(fieldValue(7, 2, 4, 16));
  expect(formatCounts({ listpack: 3, hashtable: 1, raw: 0 })).toBe('hashtable 1, listpack 3');
});
