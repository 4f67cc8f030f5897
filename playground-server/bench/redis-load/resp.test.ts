import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RedisProtocolError, ReplyCounter, encodeCommand } from './resp.ts';

// Every reply shape SET, GET, DEL, AUTH and SELECT produce, including an empty and a binary bulk.
const replies = [
  '+OK\r\n',
  '$3\r\nxxx\r\n',
  '$-1\r\n',
  ':12\r\n',
  '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n',
  '$0\r\n\r\n',
  '$11\r\n\r\n-ERR\r\n+OK\r\n',
  '-ERR unknown command\r\n',
];
const stream = Buffer.from(replies.join(''), 'latin1');

function countIn(chunks: Buffer[]): ReplyCounter {
  const counter = new ReplyCounter();
  for (const chunk of chunks) counter.feed(chunk);
  return counter;
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), buf.length];
  return points.slice(1).map((end, i) => buf.subarray(points[i], end));
}

describe('ReplyCounter', () => {
  it('counts each reply shape once, errors apart, in one read', () => {
    const counter = countIn([stream]);
    expect(counter.replies).toBe(replies.length);
    expect(counter.errors).toBe(2);
    expect(counter.idle).toBe(true);
    expect(counter.takeError()).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(counter.takeError()).toBeUndefined();
  });

  it('gives the same count however the stream is cut into reads', () => {
    // Every single cut point exhaustively, then arbitrary many-way cuts.
    for (let cut = 0; cut <= stream.length; cut++) {
      const counter = countIn(splitAt(stream, [cut]));
      expect([counter.replies, counter.errors, counter.idle]).toEqual([replies.length, 2, true]);
    }
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 40 }), (cuts) => {
        const counter = countIn(splitAt(stream, cuts));
        expect(counter.replies).toBe(replies.length);
        expect(counter.errors).toBe(2);
        expect(counter.firstError).toMatch(/^WRONGTYPE Operation against a key holding/);
      }),
    );
  });

  it('reports a half-read reply as not idle, and only reads up to `end` of a reused buffer', () => {
    const counter = new ReplyCounter();
    const reused = Buffer.alloc(64, '+'.charCodeAt(0));
    reused.write('$3\r\nxx', 'latin1');
    counter.feed(reused, 6);
    expect([counter.replies, counter.idle]).toEqual([0, false]);
    reused.write('x\r\n+OK\r\n', 'latin1');
    counter.feed(reused, 8);
    expect([counter.replies, counter.idle]).toEqual([2, true]);
  });

  it('refuses reply shapes a SET/GET load never gets rather than miscounting them', () => {
    expect(() => new ReplyCounter().feed(Buffer.from('*2\r\n$1\r\na\r\n$1\r\nb\r\n'))).toThrow(
      RedisProtocolError,
    );
    expect(() => new ReplyCounter().feed(Buffer.from('$1x\r\n'))).toThrow(RedisProtocolError);
  });
});

describe('encodeCommand', () => {
  it('writes a RESP array of bulk strings, counting bytes rather than characters', () => {
    expect(encodeCommand(['SET', 'pg:k:é', Buffer.from('xxx')]).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$7\r\npg:k:é\r\n$3\r\nxxx\r\n',
    );
  });
});
