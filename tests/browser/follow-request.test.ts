// Follow one request in a real browser: an api-gateway run's order, traced from the gateway
// through product-service, RabbitMQ to notification-service and Kafka to analytics-service, is
// picked from the list and drawn as a waterfall with each span nested under its parent.
import { describe, expect, it } from 'vitest';
import { until } from '../../playground-server/test/app-harness.ts';
import { expectGoneFromBrokers, isAlive } from '../../scenarios/src/testing/index.ts';
import type { RunResources } from '../../scenarios/src/sdk/spec.ts';
import type { TraceList } from '../../scenarios/src/sdk/trace-schemas.ts';
import { browserSuite, repoRoot } from './browser.ts';

interface RunJson {
  id: string;
  state: string;
  resources: RunResources;
}

interface RowJson {
  spanId: string;
  parent: string | null;
  service: string;
  system: string | null;
  depth: number;
}

// The services an order crosses: over HTTP, then RabbitMQ and Kafka.
const ORDER_PATH = ['gateway', 'product-service', 'notification-service', 'analytics-service'];

describe('follow one request', () => {
  const suite = browserSuite({ width: 1440, height: 1400 });
  const { api } = suite;

  it('draws an order’s trace across HTTP, RabbitMQ and Kafka as a nested waterfall', async () => {
    const { page } = suite.tab;
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Its duration includes the shop's start-up (2 s on a quiet machine, 9 s on a busy one);
      // the test stops it once it has seen what it came for.
      body: JSON.stringify({ scenario: 'api-gateway', durationSec: 60 }),
    });
    expect(run.state, JSON.stringify(run)).toBe('running');
    await page.goto(`${suite.server.url}/scenarios/api-gateway?run=${run.id}`);

    // An order whose every hop has reported: the analytics consumer is the last to export.
    const listed = await until(
      'an order traced through RabbitMQ and Kafka to both consumers',
      () => api<TraceList>(`/api/runs/${run.id}/traces?crosses=http,rabbitmq,kafka&limit=20`),
      (l) => l.traces.some((t) => ORDER_PATH.every((s) => t.services.includes(s))),
      40_000,
    );
    const order = listed.traces.find((t) => ORDER_PATH.every((s) => t.services.includes(s)))!;

    // The panel appears with the run's requests; the filter narrows them to those crossing both.
    await page.waitForSelector('[data-testid="follow-request"] .trace-item');
    await page.check('input[name="crosses-rabbitmq"]');
    await page.check('input[name="crosses-kafka"]');
    const item = page.locator(`.trace-item[data-trace-id="${order.traceId}"]`);
    await item.waitFor({ timeout: 5_000 });
    const shown = await page.$$eval('.trace-item', (items) =>
      items.map((i) => i.getAttribute('data-systems') ?? ''),
    );
    expect(shown.every((s) => s.includes('rabbitmq') && s.includes('kafka'))).toBe(true);
    await item.click();

    const waterfall = `[data-testid="waterfall"][data-trace-id="${order.traceId}"]`;
    await page.waitForSelector(`${waterfall} .waterfall-row`);
    const rows = await page.$$eval(`${waterfall} .waterfall-row`, (lis) =>
      lis.map((li) => ({
        spanId: li.getAttribute('data-span-id') ?? '',
        parent: li.getAttribute('data-parent-span-id'),
        service: li.getAttribute('data-service') ?? '',
        system: li.getAttribute('data-system'),
        depth: Number(li.getAttribute('data-depth')),
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(order.spans);
    for (const service of ORDER_PATH) expect(rows.map((r) => r.service)).toContain(service);
    for (const system of ['http', 'rabbitmq', 'kafka'])
      expect(rows.map((r) => r.system)).toContain(system);

    // Nesting: each row comes after its parent, one level deeper.
    const byId = new Map(rows.map((r, i) => [r.spanId, { ...r, index: i }]));
    for (const [i, row] of rows.entries()) {
      const parent = row.parent === null ? undefined : byId.get(row.parent);
      if (parent === undefined) continue;
      expect(parent.index, `${row.spanId} after its parent`).toBeLessThan(i);
      expect(row.depth, `${row.spanId} under its parent`).toBe(parent.depth + 1);
    }
    // Each consumer hangs, through its broker span, from the one request the gateway took in.
    const chain = (row: RowJson): RowJson[] => {
      const up: RowJson[] = [row];
      let at = row.parent === null ? undefined : byId.get(row.parent);
      while (at !== undefined) {
        up.push(at);
        at = at.parent === null ? undefined : byId.get(at.parent);
      }
      return up;
    };
    const root = rows[0]!;
    expect(root).toMatchObject({ service: 'gateway', depth: 0 });
    for (const [service, system] of [
      ['notification-service', 'rabbitmq'],
      ['analytics-service', 'kafka'],
    ] as const) {
      const consumer = rows.find((r) => r.service === service && r.system === system);
      expect(consumer, `a ${system} span of ${service}`).toBeDefined();
      const path = chain(consumer!);
      expect(path.at(-1)?.spanId, `${service} under the gateway's request`).toBe(root.spanId);
      expect(path.map((r) => r.service)).toContain('product-service');
      expect(consumer!.depth).toBeGreaterThanOrEqual(3);
    }

    // A row opens to show its span's attributes.
    const consumer = rows.find((r) => r.service === 'notification-service')!;
    await page.click(`${waterfall} [data-span-id="${consumer.spanId}"] .span-button`);
    const attributes = await page
      .locator(`${waterfall} [data-span-id="${consumer.spanId}"] .span-attributes`)
      .innerText();
    expect(attributes).toMatch(/notification-service/);
    expect(attributes).toMatch(/consumer|rabbitmq/i);
    await page.locator('[data-testid="follow-request"]').screenshot({
      path: `${repoRoot}test-results/browser/follow-request.png`,
    });

    // The shop's processes, each a node of the run: none may outlive it.
    const { nodes } = await api<{ nodes: { name: string; pid: number }[] }>(
      `/api/runs/${run.id}/faults`,
    );
    expect(nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['gateway-1']));
    const stopped = await fetch(`${suite.server.url}/api/runs/${run.id}/stop`, { method: 'POST' });
    expect(stopped.status).toBe(200);
    const ended = await until(
      'the run to end',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.state !== 'running',
      15_000,
    );
    expect(ended.state).toBe('stopped');
    // Once ended, the trace is still there to follow.
    const after = await api<{ spans: unknown[] }>(`/api/runs/${run.id}/traces/${order.traceId}`);
    expect(after.spans.length).toBeGreaterThanOrEqual(order.spans);
    await expectGoneFromBrokers(ended);
    expect(nodes.filter((n) => isAlive(n.pid)).map((n) => n.name)).toEqual([]);
    expect(suite.tab.errors).toEqual([]);
  }, 60_000);
});
