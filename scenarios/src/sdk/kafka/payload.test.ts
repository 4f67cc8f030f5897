import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload } from './payload.ts';

describe('payload', () => {
  it('round-trips sequence and send time and rejects anything else', () => {
    const sentAt = 1_750_000_000_123.456;
    expect(decodePayload(Buffer.from(encodePayload({ seq: 42, sentAt })))).toEqual({
      seq: 42,
      sentAt,
    });
    for (const bad of [null, '', ':', '1:', 'a:1', '1:2:3', '-1:5']) {
      expect(decodePayload(bad)).toBeUndefined();
    }
  });
});
