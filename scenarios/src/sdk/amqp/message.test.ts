import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './message.ts';
import { SeenSet } from '../seen-set.ts';

describe('SeenSet', () => {
  it('marks each sequence once, grows, and counts what another set has that it lacks', () => {
    const seen = new SeenSet(8);
    expect(seen.add(3)).toBe(true);
    expect(seen.add(3)).toBe(false);
    expect(seen.add(100_000)).toBe(true);
    expect(seen.has(100_000)).toBe(true);
    expect(seen.has(99_999)).toBe(false);
    expect(seen.size).toBe(2);
    const owed = new SeenSet();
    for (let seq = 0; seq < 20; seq++) owed.add(seq);
    expect(seen.missingFrom(owed)).toBe(19);
  });
});

describe('message encoding', () => {
  it('carries the sequence and send time, padded to the asked size', () => {
    const body = encodeMessage(42, 1_700_000_000_123.5, 256);
    expect(body.length).toBe(256);
    expect(decodeMessage(body)).toEqual({ seq: 42, sentAtMs: 1_700_000_000_123.5 });
    expect(encodeMessage(1, 0, 4).length).toBe(16);
    expect(decodeMessage(Buffer.alloc(4))).toBeUndefined();
  });
});
