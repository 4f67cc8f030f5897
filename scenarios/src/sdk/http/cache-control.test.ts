import { expect, it } from 'vitest';
import { parseCacheControl, reuseWindowSec } from './cache-control.ts';

it('reads the directives a cache acts on, ignoring unknown ones', () => {
  const d = parseCacheControl('public, max-age=60, stale-while-revalidate="30", x-custom=1');
  expect(d).toMatchObject({ public: true, maxAge: 60, staleWhileRevalidate: 30, noCache: false });
  expect(parseCacheControl('No-Store')).toMatchObject({ noStore: true });
  expect(parseCacheControl(['max-age=5', 's-maxage=50'])).toMatchObject({ maxAge: 5, sMaxAge: 50 });
  expect(parseCacheControl('max-age=abc').maxAge).toBeUndefined();
  expect(parseCacheControl(undefined)).toMatchObject({ noCache: false, noStore: false });
});

it('gives how long a stored copy may be reused without asking', () => {
  expect(reuseWindowSec(parseCacheControl('max-age=3'))).toBe(3);
  expect(reuseWindowSec(parseCacheControl('max-age=1, stale-while-revalidate=10'))).toBe(11);
  expect(
    reuseWindowSec(parseCacheControl('max-age=1, stale-while-revalidate=10, must-revalidate')),
  ).toBe(1);
  expect(reuseWindowSec(parseCacheControl('no-cache, max-age=60'))).toBe(0);
  expect(reuseWindowSec(parseCacheControl('no-store'))).toBe(0);
  expect(reuseWindowSec(parseCacheControl('max-age=5, s-maxage=50'), true)).toBe(50);
});
