// The caching client against the kit's origin: each answer's verdict agrees with what the origin
// itself served, including a stale-while-revalidate refresh sent after the answer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../poll.ts';
import { CachingClient } from './caching-client.ts';
import type { NetworkExchange } from './caching-client.ts';
import { HttpOrigin } from './origin.ts';

let origin: HttpOrigin;
let client: CachingClient;
const network: NetworkExchange[] = [];

beforeAll(async () => {
  origin = await HttpOrigin.start();
  origin.define('/fresh', { cacheControl: 'max-age=60', sizeBytes: 2000 });
  origin.define('/no-cache', { cacheControl: 'no-cache', lastModified: false });
  // With Last-Modified alone, undici's heuristic freshness wins over a bare no-cache and the
  // response is not stored at all; max-age=0 makes it storable but stale from the start.
  origin.define('/no-cache-date', { cacheControl: 'max-age=0, must-revalidate', etag: false });
  origin.define('/no-store', { cacheControl: 'no-store' });
  origin.define('/swr', { cacheControl: 'max-age=1, stale-while-revalidate=30' });
  origin.define('/bare', { cacheControl: 'max-age=1', etag: false, lastModified: false });
  client = new CachingClient({ origin: origin.url, onNetwork: (e) => network.push(e) });
});

afterAll(async () => {
  await client.close();
  await origin.close();
});

const verdicts = async (path: string, n: number): Promise<string[]> => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await client.get(path)).verdict);
  return out;
};

it('answers a fresh max-age resource from its cache, with the whole body', async () => {
  const first = await client.get('/fresh');
  const second = await client.get('/fresh');
  expect([first.verdict, second.verdict]).toEqual(['full', 'cache']);
  expect(second.bodyBytes).toBe(2000);
  expect(second.headers.age).toBeDefined();
  expect(origin.requestsFor('/fresh')).toBe(1);
});

it('revalidates no-cache by ETag or by date, and refetches no-store every time', async () => {
  // undici 8 drops the entry when a 304 carries Cache-Control (as RFC 9110 asks a 304 to),
  // instead of freshening it (nodejs/undici#5505), so the use after a 304 is a full fetch. The
  // lesson says so; this fails, and the lesson needs a new line, once undici freshens.
  expect(await verdicts('/no-cache', 4)).toEqual(['full', 'revalidated', 'full', 'revalidated']);
  expect(await verdicts('/no-cache-date', 2)).toEqual(['full', 'revalidated']);
  expect(await verdicts('/no-store', 3)).toEqual(['full', 'full', 'full']);
  expect(origin.stats().byPath['/no-cache']?.byStatus).toEqual({ '200': 2, '304': 2 });
  expect(origin.stats().byPath['/no-cache-date']?.byStatus).toEqual({ '200': 1, '304': 1 });
  // A new version: the validator no longer matches, so the answer is a full one.
  origin.bump('/no-cache');
  origin.bump('/no-cache-date');
  const changed = await client.get('/no-cache');
  expect(changed.verdict).toBe('full');
  expect(changed.headers['x-origin-version']).toBe('2');
  expect((await client.get('/no-cache-date')).verdict).toBe('full');
});

it('serves stale within stale-while-revalidate and refreshes in the background', async () => {
  expect((await client.get('/swr')).verdict).toBe('full');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const before = network.length;
  const stale = await client.get('/swr');
  expect(stale.verdict).toBe('cache');
  expect(stale.stale).toBe(true);
  await waitFor(() => client.pending === 0, { withinMs: 2000 });
  const refresh = network.slice(before);
  expect(refresh).toEqual([
    { path: '/swr', status: 304, conditional: true, bodyBytes: 0, background: true },
  ]);
  expect(origin.stats().byPath['/swr']?.byStatus).toEqual({ '200': 1, '304': 1 });
  // Without validators an expired entry can only be fetched again in full.
  expect((await client.get('/bare')).verdict).toBe('full');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await client.get('/bare')).verdict).toBe('full');
});

it("agrees with the origin's own counts, request for request and byte for byte", async () => {
  expect(await client.idle()).toBe(true);
  const stats = origin.stats();
  const count = (status: number) => network.filter((e) => e.status === status).length;
  expect(network.length).toBe(stats.requests);
  expect(count(200)).toBe(stats.byStatus['200']);
  expect(count(304)).toBe(stats.byStatus['304']);
  expect(network.reduce((sum, e) => sum + e.bodyBytes, 0)).toBe(stats.bytes);
});
