// Writes the same objects in three layouts on a private Redis, one layout at a time, and asks
// Redis what each cost: MEMORY USAGE of every key against INFO used_memory before and after,
// and OBJECT ENCODING of every key against what the listpack thresholds predict. Then reads
// and partial updates go to all three; a change of shape or thresholds rewrites everything.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { poll, waitFor } from '../src/sdk/poll.ts';
import { infoNumber, readInfo } from '../src/sdk/redis/index.ts';
import {
  Layouts,
  fieldValue,
  formatCounts,
  objectOf,
  predictEncodings,
  type Shape,
  type Thresholds,
} from './layouts.ts';
import { LAYOUTS } from './params.ts';
import type { DataStructuresParams, Layout } from './params.ts';

const WORKERS = 4;
const BATCH = 100;
// Field bytes a layout may hold: keeps a run with 1000 fields of 256 B within reach.
const LAYOUT_BUDGET = 4 * 1024 * 1024;
const FRESH_READ_MAX = 1000;
const SHAPE_PARAMS = ['fields', 'valueBytes', 'bucketObjects', 'listpackEntries', 'listpackValue'];

export async function runDataStructures(ctx: RunContext<DataStructuresParams>): Promise<void> {
  const p = ctx.params;
  const server = await ctx.privateRedis({
    maxmemoryMb: 512,
    maxmemoryPolicy: 'noeviction',
    config: {
      'hash-max-listpack-entries': p.listpackEntries,
      'hash-max-listpack-value': p.listpackValue,
    },
  });
  const admin = await server.client();
  const writer = await server.connect();
  const layouts = new Layouts(ctx.names);
  const m = {
    reads: ctx.metrics.counter('reads'),
    updates: ctx.metrics.counter('updates'),
    usedMemory: ctx.metrics.gauge('usedMemory'),
  };
  const per = (prefix: string) =>
    Object.fromEntries(LAYOUTS.map((l) => [l, `${prefix}.${l}`])) as Record<Layout, string>;
  const memory = per('memory');
  const readLatency = per('read');
  const updateLatency = per('update');
  const gauges = Object.fromEntries(LAYOUTS.map((l) => [l, ctx.metrics.gauge(memory[l])]));
  const listpack = {
    hash: ctx.metrics.gauge('listpack.hash'),
    bucketed: ctx.metrics.gauge('listpack.bucketed'),
  };
  const reads = Object.fromEntries(LAYOUTS.map((l) => [l, ctx.metrics.histogram(readLatency[l])]));
  const updates = Object.fromEntries(
    LAYOUTS.map((l) => [l, ctx.metrics.histogram(updateLatency[l])]),
  );

  let shape: Shape | undefined;
  let versions = new Uint32Array(0);

  const usedMemory = async (): Promise<number> =>
    infoNumber(await readInfo(admin, 'memory'), 'used_memory');

  async function inBatches<T>(
    items: T[],
    size: number,
    queue: (pipeline: ReturnType<Redis['pipeline']>, item: T) => void,
    redis: Redis = admin,
  ): Promise<unknown[]> {
    const replies: unknown[] = [];
    for (let i = 0; i < items.length; i += size) {
      const pipeline = redis.pipeline();
      for (const item of items.slice(i, i + size)) queue(pipeline, item);
      for (const [error, reply] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        replies.push(reply);
      }
    }
    return replies;
  }

  async function build(): Promise<void> {
    ctx.phase('build');
    const q = ctx.params;
    if (shape !== undefined) {
      const old = shape;
      await inBatches(
        LAYOUTS.flatMap((l) => layouts.keys(l, old)),
        500,
        (pl, key) => pl.del(key),
      );
    }
    await admin.config('SET', 'hash-max-listpack-entries', String(q.listpackEntries));
    await admin.config('SET', 'hash-max-listpack-value', String(q.listpackValue));
    // The thresholds as the server holds them: the prediction's half of the encodings check.
    const [, entries] = (await admin.config('GET', 'hash-max-listpack-entries')) as string[];
    const [, value] = (await admin.config('GET', 'hash-max-listpack-value')) as string[];
    const limits: Thresholds = { entries: Number(entries), value: Number(value) };
    const perObject = q.fields * (q.valueBytes + 8);
    const objects = Math.max(1, Math.min(q.objects, Math.floor(LAYOUT_BUDGET / perObject)));
    const next: Shape = {
      objects,
      fields: q.fields,
      valueBytes: q.valueBytes,
      bucketObjects: q.bucketObjects,
    };
    if (objects < q.objects) {
      ctx.event(
        `${fmt(objects)} objects, not ${fmt(q.objects)}: at most 4 MB of field values a layout`,
      );
    }
    const ids = Array.from({ length: objects }, (_, id) => id);
    const summary: string[] = [];
    for (const layout of LAYOUTS) {
      const before = await usedMemory();
      await inBatches(ids, BATCH, (pl, id) => layouts.write(pl, layout, id, next), writer);
      const after = await usedMemory();
      const keys = layouts.keys(layout, next);
      const usage = (
        await inBatches(keys, 500, (pl, key) => pl.memory('USAGE', key, 'SAMPLES', '0'))
      ).reduce((s: number, n) => s + Number(n), 0);
      const seen: Record<string, number> = {};
      for (const e of await inBatches(keys, 500, (pl, key) => pl.object('ENCODING', key))) {
        seen[String(e)] = (seen[String(e)] ?? 0) + 1;
      }
      gauges[layout]!.set(usage);
      if (layout !== 'json') listpack[layout].set((seen.listpack ?? 0) / keys.length);
      ctx.fact(`memoryUsage.${layout}`, usage);
      ctx.fact(`infoDelta.${layout}`, after - before);
      ctx.fact(`encodings.${layout}`, formatCounts(seen));
      ctx.fact(`predicted.${layout}`, formatCounts(predictEncodings(layout, next, limits)));
      summary.push(`${layout} ${fmt(Math.round(usage / objects))} B (${formatCounts(seen)})`);
    }
    ctx.fact('objects', objects);
    ctx.fact('thresholds', `entries ${limits.entries}, value ${limits.value} B`);
    shape = next;
    versions = new Uint32Array(objects * next.fields);
    ctx.event(
      `${fmt(objects)} objects of ${next.fields} × ${next.valueBytes} B; per object: ${summary.join('; ')}`,
      { mark: true },
    );
    ctx.phase('load');
  }

  // A rebuild waits for the operations in flight, and new ones wait for it.
  let gate: Promise<void> | undefined;
  let inFlight = 0;
  let rebuildWanted = false;
  ctx.onParamsChange((changed) => {
    if (changed.some((c) => SHAPE_PARAMS.includes(c))) rebuildWanted = true;
  });
  const conductor = async (): Promise<void> => {
    while (!ctx.signal.aborted) {
      await ctx.sleep(100);
      if (!rebuildWanted || ctx.signal.aborted) continue;
      rebuildWanted = false;
      let release = (): void => undefined;
      gate = new Promise((resolve) => (release = resolve));
      await waitFor(() => inFlight === 0, { withinMs: 2000 });
      try {
        await build();
      } finally {
        gate = undefined;
        release();
      }
    }
  };

  // Each worker owns the objects id ≡ w (mod WORKERS), so no two update one object at once
  // (a JSON read-modify-write racing another would lose an update).
  const pacer = ctx.pacer(() => ctx.params.opsPerSec);
  let turn = 0;
  const worker = async (redis: Redis, w: number): Promise<void> => {
    while (await pacer.wait()) {
      if (gate) await gate;
      const s = shape;
      if (s === undefined || s.objects <= w) continue;
      inFlight++;
      try {
        const id = w + WORKERS * ctx.random.int(Math.ceil((s.objects - w) / WORKERS));
        const order = LAYOUTS.map((_, i) => LAYOUTS[(i + turn) % LAYOUTS.length]!);
        turn++;
        if (ctx.random.next() < ctx.params.updateRatio) {
          const k = ctx.random.int(s.fields);
          const version = ++versions[id * s.fields + k]!;
          const value = fieldValue(id, k, version, s.valueBytes);
          for (const layout of order) {
            const started = performance.now();
            await layouts.update(redis, layout, id, k, value, s);
            updates[layout]!.record(performance.now() - started);
          }
          m.updates.inc();
        } else {
          for (const layout of order) {
            const started = performance.now();
            await layouts.read(redis, layout, id, s);
            reads[layout]!.record(performance.now() - started);
          }
          m.reads.inc();
        }
      } finally {
        inFlight--;
      }
    }
  };

  await build();
  const connections = await Promise.all(Array.from({ length: WORKERS }, () => server.connect()));
  await Promise.all([
    poll(async () => m.usedMemory.set(await usedMemory()), 500, ctx.signal),
    conductor(),
    ...connections.map((c, w) => worker(c, w)),
  ]);

  // The fresh read: every layout, for up to FRESH_READ_MAX objects, against the writes the
  // workers had acknowledged.
  const s = shape!;
  const step = Math.max(1, Math.floor(s.objects / FRESH_READ_MAX));
  let checked = 0;
  for (const layout of LAYOUTS) {
    let mismatches = 0;
    checked = 0;
    for (let id = 0; id < s.objects; id += step) {
      const expected = objectOf(id, s, (k) => versions[id * s.fields + k] ?? 0);
      const found = await layouts.read(admin, layout, id, s);
      checked++;
      if (!sameFields(found, expected)) mismatches++;
    }
    ctx.fact(`freshReadMismatches.${layout}`, mismatches);
  }
  ctx.fact('freshReadObjects', checked);
  ctx.fact(
    'updatedFields',
    versions.reduce((n, v) => n + (v > 0 ? 1 : 0), 0),
  );
}

/** Field by field: a hashtable hands its fields back in no particular order. */
function sameFields(found: Record<string, string> | null, expected: Record<string, string>) {
  if (found === null) return false;
  const names = Object.keys(expected);
  return Object.keys(found).length === names.length && names.every((f) => found[f] === expected[f]);
}
