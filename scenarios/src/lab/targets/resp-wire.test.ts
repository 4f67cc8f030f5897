import { describe, expect, it } from 'vitest';
import { BatchEncoder, RespError, RespReader, encodeCommand } from './resp-wire.ts';
import type { RespValue } from './resp-wire.ts';

const readAll = (bytes: Buffer, cut: number[]): RespValue[] => {
  const out: RespValue[] = [];
  const reader = new RespReader((v) => out.push(v));
  let from = 0;
  for (const at of [...cut, bytes.length]) {
    reader.feed(bytes.subarray(from, at));
    from = at;
  }
  return out;
};

describe('the lab RESP wire', () => {
  it('encodes a batch exactly as one command per value would be', () => {
    const values = [Buffer.from(''), Buffer.from('x'), Buffer.alloc(1234, 7), Buffer.alloc(10, 1)];
    const batch = new BatchEncoder(['XADD', 'pg:lab-x:t0', '*', 'v']).encode(values);
    const each = Buffer.concat(
      values.map((v) => encodeCommand(['XADD', 'pg:lab-x:t0', '*', 'v', v])),
    );
    expect(batch.equals(each)).toBe(true);
  });

  it('reads an XREADGROUP reply, an error, a nil and an integer wherever the stream is cut', () => {
    const entry = (id: string, v: string): string =>
      `*2\r\n$${id.length}\r\n${id}\r\n*2\r\n$1\r\nv\r\n$${v.length}\r\n${v}\r\n`;
    const text =
      `*1\r\n*2\r\n$2\r\nk0\r\n*2\r\n${entry('1-0', 'hello')}${entry('1-1', 'a\r\nb')}` +
      `-WRONGTYPE nope\r\n$-1\r\n:42\r\n+OK\r\n*-1\r\n`;
    const bytes = Buffer.from(text, 'latin1');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const replies = readAll(bytes, cut === 0 ? [] : [cut]);
      expect(replies).toHaveLength(6);
      const stream = (replies[0] as RespValue[])[0] as RespValue[];
      const entries = stream[1] as [Buffer, Buffer[]][];
      expect(entries.map(([id, f]) => [id.toString(), f[1]?.toString()])).toEqual([
        ['1-0', 'hello'],
        ['1-1', 'a\r\nb'],
      ]);
      expect(replies[1]).toBeInstanceOf(RespError);
      expect((replies[1] as RespError).message).toBe('WRONGTYPE nope');
      expect(replies.slice(2).map((r) => (Buffer.isBuffer(r) ? r.toString() : r))).toEqual([
        null,
        42,
        'OK',
        null,
      ]);
    }
  });

  it('reads a stream fed one byte at a time', () => {
    const bytes = encodeCommand(['message', 'ch', Buffer.alloc(300, 3)]);
    const replies = readAll(
      bytes,
      Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
    );
    expect(replies).toHaveLength(1);
    expect(((replies[0] as Buffer[])[2] as Buffer).equals(Buffer.alloc(300, 3))).toBe(true);
  });
});
