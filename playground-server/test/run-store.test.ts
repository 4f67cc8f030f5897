import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../src/store/run-store.ts';
import type { StoredRun } from '../src/store/run-store.ts';
import type { RunView } from '../src/routes/schemas.ts';

function storedRun(id: string, recording = false): StoredRun {
  return {
    view: {
      id,
      scenario: 'hello-queue',
      params: { rate: 20 },
      paramsAtStart: { rate: 10 },
      changes: [{ t: 1200, params: { rate: 20 } }],
      state: 'completed',
      durationSec: 2,
      tickMs: 250,
      startedAt: '2025-01-01T00:00:00.000Z',
      endedAt: '2025-01-01T00:00:02.000Z',
      summary: { sent: 30 },
      facts: {},
      checks: [],
      resources: { redisKeyPrefix: `pg:${id}:`, queues: [], exchanges: [], topics: [], groups: [] },
      elapsedMs: 2000,
      topology: { nodes: [], edges: [] },
      phases: [],
      markers: [],
      ...(recording ? { recording: true, originalId: 'aaaaaa0000' } : {}),
      // Asserted: the record grows fields (phases, markers) other work adds alongside.
    } as RunView,
    scenario: { id: 'hello-queue', title: 'Hello queue', version: '1', charts: [], metrics: [] },
    frames: [
      { t: 250, values: { sent: 5 } },
      { t: 500, values: { sent: 10 } },
    ],
    events: [{ t: 0, message: `started ${id}`, level: 'info' }],
    environment: {
      playground: '0.1.0',
      node: 'v24.0.0',
      brokers: { redis: null, rabbitmq: '4.1.0', kafka: null },
    },
  };
}

describe('RunStore', () => {
  const dirs: string[] = [];
  const stores: RunStore[] = [];
  const open = (dir: string, maxRuns = 500): RunStore => {
    const store = new RunStore(join(dir, 'runs.sqlite'), { maxRuns });
    stores.push(store);
    return store;
  };
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'run-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back what it kept, whole, and lists the last saved first', () => {
    const store = open(tempDir());
    store.save(storedRun('run0000001'));
    store.save(storedRun('run0000002', true));
    expect(store.list().map((v) => v.id)).toEqual(['run0000002', 'run0000001']);
    expect(store.get('run0000002')).toEqual(storedRun('run0000002', true));
    expect(store.view('run0000001')?.paramsAtStart).toEqual({ rate: 10 });
    expect(store.get('nope000000')).toBeUndefined();
  });

  it('keeps only the newest runs beyond its bound', () => {
    const store = open(tempDir(), 3);
    for (let i = 1; i <= 5; i++) store.save(storedRun(`run000000${i}`));
    expect(store.list().map((v) => v.id)).toEqual(['run0000005', 'run0000004', 'run0000003']);
    expect(store.size).toBe(3);
    expect(store.get('run0000001')).toBeUndefined();
  });

  it('deletes one run and says whether there was one', () => {
    const store = open(tempDir());
    store.save(storedRun('run0000001'));
    store.save(storedRun('run0000002'));
    expect(store.delete('run0000001')).toBe(true);
    expect(store.delete('run0000001')).toBe(false);
    expect(store.list().map((v) => v.id)).toEqual(['run0000002']);
  });

  it('is still there for a new store on the same file', () => {
    const dir = tempDir();
    const first = open(dir);
    first.save(storedRun('run0000001'));
    first.close();
    const second = open(dir);
    expect(second.get('run0000001')).toEqual(storedRun('run0000001'));
    second.save(storedRun('run0000002'));
    expect(second.list().map((v) => v.id)).toEqual(['run0000002', 'run0000001']);
  });
});
