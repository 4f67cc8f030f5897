import { describe, expect, it } from 'vitest';
import { parseAccessLog, parseLogLine } from './nginx-log.ts';

const line = (fields: Record<string, string>): string =>
  JSON.stringify({
    msec: '1733030400.250',
    method: 'GET',
    uri: '/r/1',
    status: '200',
    cache: 'HIT',
    rt: '0.000',
    ua: '',
    us: '',
    urt: '',
    bytes: '2048',
    rid: '',
    rl: '91',
    ...fields,
  });

describe('nginx access log lines', () => {
  it('reads a hit: no upstream, times in ms', () => {
    expect(parseLogLine(line({}))).toEqual({
      timeMs: 1733030400250,
      method: 'GET',
      uri: '/r/1',
      status: 200,
      cacheStatus: 'HIT',
      requestTimeMs: 0,
      upstreamAddrs: [],
      upstreamStatuses: [],
      upstreamResponseTimeMs: undefined,
      bytes: 2048,
      requestId: '',
      background: false,
    });
  });

  it('lists every upstream attempt (a retry on a fresh connection), summing their times', () => {
    const parsed = parseLogLine(
      line({ cache: 'STALE', ua: '127.0.0.1:9, 127.0.0.1:9', us: '502, 502', urt: '0.001, 0.002' }),
    );
    expect(parsed?.upstreamAddrs).toEqual(['127.0.0.1:9', '127.0.0.1:9']);
    expect(parsed?.upstreamStatuses).toEqual(['502', '502']);
    expect(parsed?.upstreamResponseTimeMs).toBeCloseTo(3, 6);
  });

  it('tells a background update (request length 0) from a client request, and skips torn lines', () => {
    const text = `${line({ cache: 'EXPIRED', rl: '0', ua: '127.0.0.1:9', us: '200', urt: '0.040' })}\n${line({ cache: '' })}\n{"msec":"17`;
    const lines = parseAccessLog(text);
    expect(lines.map((l) => [l.cacheStatus, l.background])).toEqual([
      ['EXPIRED', true],
      ['', false],
    ]);
    expect(lines[0]?.upstreamResponseTimeMs).toBe(40);
    expect(parseLogLine(line({ urt: '-', us: '-' }))?.upstreamStatuses).toEqual([]);
  });
});
