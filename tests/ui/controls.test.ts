// The UI's pure pieces behind the keyboard, topology and Infrastructure fixes.
import { describe, expect, it } from 'vitest';

// The UI is type-checked by its own tsconfig (bundler resolution, DOM); loaded by path here so the
// root check, which uses NodeNext, does not compile it a second time under other rules.
const ui = '../../playground-ui/src/';
interface ParamField {
  name: string;
  label: string;
  kind: 'integer' | 'number' | 'boolean' | 'choice' | 'text';
  description: string;
  min?: number;
  max?: number;
  live: boolean;
}
interface Edge {
  from: string;
  to: string;
}
const { keyStep } = (await import(`${ui}params/slider-scale.ts`)) as {
  keyStep(field: ParamField, value: number, key: string): number | undefined;
};
const { resolveEdges } = (await import(`${ui}topology/resolve-edges.ts`)) as {
  resolveEdges(
    edges: Edge[],
    ids: ReadonlySet<string>,
    values: Record<string, number> | undefined,
  ): (Edge & { assigned: boolean })[];
};
const { resourceCommands } = (await import(`${ui}pages/resource-commands.ts`)) as {
  resourceCommands(
    resources: Record<string, string | string[]>,
    addresses: Record<string, string>,
    brokers: string[],
  ): { command: string }[];
};

const field = (over: Partial<ParamField>): ParamField => ({
  name: 'x',
  label: 'x',
  kind: 'integer',
  description: '',
  min: 0,
  max: 50_000,
  live: true,
  ...over,
});

describe('slider keys', () => {
  it('move an integer by 1 anywhere on a wide cubic range, and stop at the bounds', () => {
    const wide = field({});
    expect(keyStep(wide, 20, 'ArrowUp')).toBe(21);
    expect(keyStep(wide, 40_000, 'ArrowDown')).toBe(39_999);
    expect(keyStep(wide, 50_000, 'ArrowUp')).toBe(50_000);
    expect(keyStep(wide, 20, 'Home')).toBe(0);
    expect(keyStep(wide, 20, 'PageUp')).toBe(5020);
    expect(keyStep(wide, 20, 'a')).toBeUndefined();
  });

  it('move a number by a readable hundredth of its range', () => {
    const ratio = field({ kind: 'number', min: 0, max: 0.5 });
    expect(keyStep(ratio, 0.05, 'ArrowUp')).toBe(0.055);
    expect(keyStep(ratio, 0.37, 'ArrowLeft')).toBe(0.365);
  });
});

describe('edges that follow a gauge', () => {
  const ids = new Set(['consumer-1', 'consumer-2', 'partition-0', 'partition-1', 'topic']);
  const edges = [
    { from: 'topic', to: 'partition-0' },
    { from: 'consumer-{owner.p0}', to: 'partition-0' },
    { from: 'consumer-{owner.p1}', to: 'partition-1' },
  ];

  it('go from the member the gauge names now, and are not drawn for none or before a reading', () => {
    expect(resolveEdges(edges, ids, undefined).map((e) => e.from)).toEqual(['topic']);
    const now = resolveEdges(edges, ids, { 'owner.p0': 2, 'owner.p1': 0 });
    expect(now.map((e) => `${e.from}>${e.to}:${e.assigned}`)).toEqual([
      'topic>partition-0:false',
      'consumer-2>partition-0:true',
    ]);
  });
});

describe('Infrastructure commands', () => {
  const resources = {
    redisKeyPrefix: 'pg:abc123:',
    queues: ['pg:abc123:q'],
    exchanges: [],
    topics: ['pg.abc123.events'],
    groups: ['pg.abc123.workers'],
  };
  const at = { redis: '127.0.0.1:6379', rabbitmq: '127.0.0.1:5672', kafka: '127.0.0.1:9092' };

  it("name only the tools of the run's own brokers", () => {
    const kafka = resourceCommands(resources, at, ['kafka']).map((c) => c.command);
    expect(kafka.every((c) => c.startsWith('kafka-'))).toBe(true);
    expect(kafka.some((c) => c.includes('--describe --group'))).toBe(true);
    const rabbit = resourceCommands(resources, at, ['rabbitmq']).map((c) => c.command);
    expect(rabbit.some((c) => c.startsWith('rabbitmqctl'))).toBe(true);
    expect(rabbit.some((c) => c.startsWith('rabbitmqadmin'))).toBe(true);
    expect(rabbit.some((c) => c.startsWith('redis-cli'))).toBe(false);
    expect(resourceCommands(resources, at, ['redis'])[0]?.command).toBe(
      "redis-cli -h 127.0.0.1 -p 6379 --scan --pattern 'pg:abc123:*'",
    );
  });
});
