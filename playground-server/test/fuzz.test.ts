import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startServer } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

// Random bodies, some well-formed enough to start runs: MAX_RUNS keeps those few and short.
const json = fc.jsonValue({ maxDepth: 3 });
const paramsLike = fc.dictionary(
  fc.constantFrom(
    'keys',
    'ttlSec',
    'readsPerSec',
    'distribution',
    'limit',
    'subscribers',
    'partitions',
    'seed',
    'x',
  ),
  fc.oneof(
    json,
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double(),
    fc.constantFrom('zipf', 'uniform', null, true),
  ),
);
const body = fc.oneof(
  json,
  fc.record(
    {
      scenario: fc.oneof(
        fc.constantFrom('cache-aside', 'rate-limiting', 'fanout', 'consumer-group-lag'),
        fc.string(),
      ),
      params: fc.oneof(paramsLike, json),
      durationSec: fc.oneof(fc.integer({ min: -5, max: 2 }), fc.double(), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

// A body nested far deeper than any the API takes, of arrays and objects mixed at random: the
// server parsed these and then overflowed its stack walking them (a 500). At most 8000 levels
// keeps the body under the 64 kB limit, so the depth guard, not the size limit, answers.
const deepBody = fc
  .tuple(fc.integer({ min: 100, max: 8_000 }), fc.array(fc.boolean(), { minLength: 1 }))
  .map(([depth, kinds]) => {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const object = kinds[i % kinds.length];
      open += object ? '{"k":' : '[';
      close = (object ? '}' : ']') + close;
    }
    return `${open}1${close}`;
  });

describe('property: no body makes the server fail', () => {
  let server: Harness;
  let runId: string;
  beforeAll(async () => {
    server = await startServer({ MAX_RUNS: '2' });
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'rate-limiting', durationSec: 60 }),
    });
    runId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('POST /api/runs and PATCH /api/runs/:id/params answer every random body below 500', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, patch) => {
        const res = await fetch(
          patch ? `${server.url}/api/runs/${runId}/params` : `${server.url}/api/runs`,
          {
            method: patch ? 'PATCH' : 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(b),
          },
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const answer = (await res.json()) as { message?: string };
        expect(res.status, JSON.stringify(b)).toBeLessThan(500);
        if (res.status >= 400) expect(answer.message).toEqual(expect.any(String));
        // A run the fuzzer started is stopped at once, so the limit never blocks the rest.
        if (res.status === 201) {
          await fetch(`${server.url}/api/runs/${(answer as { id: string }).id}/stop`, {
            method: 'POST',
          });
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 120_000);

  it('answers a deeply nested body on every JSON route with 400, before validation', async () => {
    const routes = [
      {
        method: 'POST',
        path: '/api/runs',
        wrap: (d: string) => `{"scenario":"fanout","params":${d}}`,
      },
      { method: 'PATCH', path: `/api/runs/${runId}/params`, wrap: (d: string) => d },
      { method: 'POST', path: '/api/telemetry', wrap: (d: string) => `{"meta":${d}}` },
    ];
    await fc.assert(
      fc.asyncProperty(deepBody, fc.constantFrom(...routes), async (deep, route) => {
        const res = await fetch(`${server.url}${route.path}`, {
          method: route.method,
          headers: { 'content-type': 'application/json' },
          body: route.wrap(deep),
        });
        expect(res.status, `${route.method} ${route.path}`).toBe(400);
        expect(((await res.json()) as { message: string }).message).toMatch(/nests deeper/);
      }),
      { numRuns: 60, seed: 20261126 },
    );
  }, 60_000);
});
