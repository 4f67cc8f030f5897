// The same objects in three layouts: a JSON string per object, a hash per object, and the
// fields of many objects in one bucket hash. Each layout's keys, its writes and reads, and the
// encoding Redis should pick for each key given the listpack thresholds.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Names } from '../src/sdk/names.ts';
import type { Layout } from './params.ts';

/** What was written: the same for every layout. */
export interface Shape {
  objects: number;
  fields: number;
  valueBytes: number;
  bucketObjects: number;
}

export interface Thresholds {
  entries: number;
  value: number;
}

/** Longest string Redis keeps in one allocation with its object header (OBJ_ENCODING_EMBSTR). */
const EMBSTR_MAX = 44;

export const fieldName = (k: number): string => `f${k + 1}`;
const bucketField = (id: number, k: number): string => `${id}:${fieldName(k)}`;
const bucketOf = (id: number, shape: Shape): number => Math.floor(id / shape.bucketObjects);

/** Field k of object id at a version, exactly valueBytes long (the version leads, when it fits). */
export function fieldValue(id: number, k: number, version: number, bytes: number): string {
  const head = `${version.toString(36)}.${id.toString(36)}.`;
  return (head + 'v'.repeat(bytes)).slice(0, bytes);
}

export function objectOf(id: number, shape: Shape, version: (k: number) => number) {
  const object: Record<string, string> = {};
  for (let k = 0; k < shape.fields; k++) {
    object[fieldName(k)] = fieldValue(id, k, version(k), shape.valueBytes);
  }
  return object;
}

export class Layouts {
  constructor(private readonly names: Names) {}

  /** Every key a layout holds for this shape. */
  keys(layout: Layout, shape: Shape): string[] {
    if (layout === 'bucketed') {
      const buckets = Math.ceil(shape.objects / shape.bucketObjects);
      return Array.from({ length: buckets }, (_, b) => this.names.key('bucket', b));
    }
    return Array.from({ length: shape.objects }, (_, id) => this.key(layout, id, shape));
  }

  key(layout: Layout, id: number, shape: Shape): string {
    if (layout === 'bucketed') return this.names.key('bucket', bucketOf(id, shape));
    return this.names.key(layout, id);
  }

  /** Queues the write of one whole object (all fields at version 0). */
  write(pipeline: ChainableCommander, layout: Layout, id: number, shape: Shape): void {
    const object = objectOf(id, shape, () => 0);
    const key = this.key(layout, id, shape);
    if (layout === 'json') pipeline.set(key, JSON.stringify(object));
    else if (layout === 'hash') pipeline.hset(key, object);
    else {
      const prefixed: Record<string, string> = {};
      for (let k = 0; k < shape.fields; k++) prefixed[bucketField(id, k)] = object[fieldName(k)]!;
      pipeline.hset(key, prefixed);
    }
  }

  /** Reads one whole object; null when it is missing. */
  async read(
    redis: Redis,
    layout: Layout,
    id: number,
    shape: Shape,
  ): Promise<Record<string, string> | null> {
    const key = this.key(layout, id, shape);
    if (layout === 'json') {
      const text = await redis.get(key);
      return text === null ? null : (JSON.parse(text) as Record<string, string>);
    }
    if (layout === 'hash') {
      const object = await redis.hgetall(key);
      return Object.keys(object).length === 0 ? null : object;
    }
    const names = Array.from({ length: shape.fields }, (_, k) => bucketField(id, k));
    const values = await redis.hmget(key, ...names);
    if (values.every((v) => v === null)) return null;
    return Object.fromEntries(values.map((v, k) => [fieldName(k), v ?? '']));
  }

  /**
   * Sets one field. A JSON string has no fields: read it, change it, write it all back (two
   * round trips and the whole object each way); a hash changes the field in place.
   */
  async update(
    redis: Redis,
    layout: Layout,
    id: number,
    k: number,
    value: string,
    shape: Shape,
  ): Promise<void> {
    const key = this.key(layout, id, shape);
    if (layout === 'hash') await redis.hset(key, fieldName(k), value);
    else if (layout === 'bucketed') await redis.hset(key, bucketField(id, k), value);
    else {
      const text = await redis.get(key);
      if (text === null) return;
      const object = JSON.parse(text) as Record<string, string>;
      object[fieldName(k)] = value;
      await redis.set(key, JSON.stringify(object));
    }
  }
}

/**
 * The encoding Redis should give each key of a layout: a hash stays a listpack while it has at
 * most `entries` fields and no field name or value longer than `value` bytes; a string of at
 * most 44 bytes is embstr. Counted per encoding, e.g. { listpack: 199, hashtable: 1 }.
 */
export function predictEncodings(
  layout: Layout,
  shape: Shape,
  limits: Thresholds,
): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (encoding: string): void => {
    counts[encoding] = (counts[encoding] ?? 0) + 1;
  };
  const hashEncoding = (entries: number, longest: number): string =>
    entries > limits.entries || longest > limits.value ? 'hashtable' : 'listpack';
  if (layout === 'json') {
    for (let id = 0; id < shape.objects; id++) {
      const length = JSON.stringify(objectOf(id, shape, () => 0)).length;
      add(length <= EMBSTR_MAX ? 'embstr' : 'raw');
    }
  } else if (layout === 'hash') {
    const longest = Math.max(fieldName(shape.fields - 1).length, shape.valueBytes);
    for (let id = 0; id < shape.objects; id++) add(hashEncoding(shape.fields, longest));
  } else {
    for (let first = 0; first < shape.objects; first += shape.bucketObjects) {
      const last = Math.min(first + shape.bucketObjects, shape.objects) - 1;
      const longest = Math.max(bucketField(last, shape.fields - 1).length, shape.valueBytes);
      add(hashEncoding((last - first + 1) * shape.fields, longest));
    }
  }
  return counts;
}

/** { listpack: 199, hashtable: 1 } → "hashtable 1, listpack 199" (sorted, for comparing). */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([encoding, n]) => `${encoding} ${n}`)
    .join(', ');
}
