import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpOrigin } from './origin.ts';

let origin: HttpOrigin;

beforeEach(async () => {
  origin = await HttpOrigin.start();
  origin.define('/a', { cacheControl: 'max-age=60', sizeBytes: 500 });
  origin.define('/plain', { etag: false, lastModified: false });
});

afterEach(async () => {
  await origin.close();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${origin.url}${path}`, { headers });

describe('HttpOrigin', () => {
  it('serves a resource with its Cache-Control and validators, at a free loopback port', async () => {
    expect(origin.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await get('/a?ignored=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('max-age=60');
    expect(res.headers.get('etag')).toBe(origin.etagOf('/a'));
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    expect(res.headers.get('x-origin-version')).toBe('1');
    expect((await res.arrayBuffer()).byteLength).toBe(500);
    const plain = await get('/plain');
    expect(plain.headers.get('cache-control')).toBeNull();
    expect(plain.headers.get('etag')).toBeNull();
    expect(plain.headers.get('last-modified')).toBeNull();
    await plain.arrayBuffer();
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, 200 after a bump', async () => {
    const first = await get('/a');
    await first.arrayBuffer();
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect((await get('/a', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/a', { 'if-none-match': `W/${etag}, "x"` })).status).toBe(304);
    expect((await get('/a', { 'if-modified-since': lastModified })).status).toBe(304);
    // If-None-Match wins over If-Modified-Since (RFC 9110).
    const both = await get('/a', { 'if-none-match': '"other"', 'if-modified-since': lastModified });
    expect(both.status).toBe(200);
    await both.arrayBuffer();
    expect(origin.bump('/a')).toBe(2);
    expect(origin.versionOf('/a')).toBe(2);
    expect(origin.publishedAt('/a', 2)).toBeGreaterThanOrEqual(origin.publishedAt('/a', 1) ?? 0);
    expect(origin.publishedAt('/a', 3)).toBeUndefined();
    const changed = await get('/a', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.headers.get('x-origin-version')).toBe('2');
    expect(Date.parse(changed.headers.get('last-modified') ?? '')).toBeGreaterThan(
      Date.parse(lastModified),
    );
    await changed.arrayBuffer();
    expect((await get('/a', { 'if-modified-since': lastModified })).status).toBe(200);
    // No validator of its own: a conditional request gets the full answer.
    const plain = await get('/plain', { 'if-none-match': '*' });
    expect(plain.status).toBe(200);
    await plain.arrayBuffer();
  });

  it('counts every request it receives, per path and per status, and the bytes sent', async () => {
    const seen: string[] = [];
    await origin.close();
    origin = await HttpOrigin.start({ onRequest: (r) => seen.push(`${r.path} ${r.status}`) });
    origin.define('/a', { sizeBytes: 100 });
    const etag = origin.etagOf('/a');
    await (await get('/a')).arrayBuffer();
    await get('/a', { 'if-none-match': etag });
    await get('/missing');
    const stats = origin.stats();
    expect(stats.requests).toBe(3);
    expect(stats.byStatus).toEqual({ '200': 1, '304': 1, '404': 1 });
    expect(stats.byPath['/a']).toEqual({ requests: 2, byStatus: { '200': 1, '304': 1 } });
    expect(stats.bytes).toBe(100);
    expect(origin.requestsFor('/a')).toBe(2);
    expect(seen).toEqual(['/a 200', '/a 304', '/missing 404']);
    origin.resetStats();
    expect(origin.stats().requests).toBe(0);
  });

  it('changes headers live, slows down and goes down', async () => {
    origin.update('/a', { cacheControl: 'no-store' });
    const updated = await get('/a');
    expect(updated.headers.get('cache-control')).toBe('no-store');
    await updated.arrayBuffer();
    origin.setDelay(120);
    const start = performance.now();
    await (await get('/a')).arrayBuffer();
    expect(performance.now() - start).toBeGreaterThanOrEqual(110);
    origin.setDelay(0);
    origin.setDown('unavailable');
    expect((await get('/a')).status).toBe(503);
    origin.setDown('reset');
    await expect(get('/a')).rejects.toThrow();
    origin.setDown(undefined);
    const back = await get('/a');
    expect(back.status).toBe(200);
    await back.arrayBuffer();
    expect(origin.stats().byStatus).toMatchObject({ '200': 3, '503': 1, reset: 1 });
  });

  it('counts requests the load did not send apart, and lists its resources uncounted', async () => {
    await origin.close();
    origin = await HttpOrigin.start({
      apart: (headers) => headers.via !== undefined,
      indexPath: '/_index',
    });
    origin.define('/a', { cacheControl: 'no-cache', sizeBytes: 10 });
    await (await get('/a')).arrayBuffer();
    await (await get('/a', { via: '1.1 playground' })).arrayBuffer();
    const index = (await (await get('/_index')).json()) as { resources: unknown[] };
    expect(index.resources).toEqual([
      {
        path: '/a',
        cacheControl: 'no-cache',
        etag: true,
        lastModified: true,
        sizeBytes: 10,
        version: 1,
      },
    ]);
    const stats = origin.stats();
    expect(stats.requests).toBe(1);
    expect(stats.bytes).toBe(10);
    expect(stats.apart).toEqual({ requests: 1, byStatus: { '200': 1 } });
  });

  it('closes at once with a keep-alive connection open', async () => {
    await (await get('/a')).arrayBuffer();
    const start = performance.now();
    await origin.close();
    expect(performance.now() - start).toBeLessThan(1000);
    await expect(get('/a')).rejects.toThrow();
    origin = await HttpOrigin.start();
  });
});
