import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComparisonResult, TargetResult } from './report.ts';
import { LabStore } from './store.ts';
import { checkWorkload } from './workload.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function comparison(id: string, perSec: number): ComparisonResult {
  const target: TargetResult = {
    target: 'kafka',
    title: 'Kafka',
    plan: { mapping: ['topic → topic'], cannot: [] },
    status: 'completed',
    measuredSec: 2,
    publish: { messages: perSec * 2, perSec, mbPerSec: 1, errors: 0 },
    consume: { messages: perSec * 2, perSec, mbPerSec: 1 },
    publishLatency: {
      count: 1,
      p50: 1,
      p90: 2,
      p99: 3,
      p999: 4,
      max: 5,
      mean: 1,
      distribution: [],
    },
    endToEndLatency: null,
    backlogMax: 0,
    drainMs: null,
    resources: [],
    orderingViolations: null,
    losses: 0,
    duplicates: 0,
    samples: [],
  };
  return {
    id,
    workload: checkWorkload({
      name: 'w',
      description: '',
      messageSize: 16,
      producerRate: 1,
      testDurationSeconds: 2,
    }),
    startedAt: '2026-12-01T00:00:00.000Z',
    endedAt: '2026-12-01T00:00:05.000Z',
    state: 'completed',
    machine: { cpus: 2, cpuModel: 'test', memoryGb: 4, node: 'v24' },
    targets: [target],
  };
}

describe('LabStore', () => {
  it('saves, lists newest first with the headline numbers, reads back, bounds and deletes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-store-'));
    dirs.push(dir);
    const file = join(dir, 'lab.sqlite');
    const store = new LabStore(file, 2);
    store.save(comparison('aaa', 100));
    store.save(comparison('bbb', 200));
    expect(store.list().map((c) => c.id)).toEqual(['bbb', 'aaa']);
    expect(store.list()[0]?.targets[0]).toEqual({
      target: 'kafka',
      status: 'completed',
      publishPerSec: 200,
      consumePerSec: 200,
      publishP99Ms: 3,
      endToEndP99Ms: null,
    });
    store.close();

    // Another process (the server) sees what the CLI saved.
    const reopened = new LabStore(file, 2);
    expect(reopened.get('aaa')).toEqual(comparison('aaa', 100));
    reopened.save(comparison('ccc', 300));
    expect(reopened.list().map((c) => c.id)).toEqual(['ccc', 'bbb']);
    expect(reopened.get('aaa')).toBeUndefined();
    expect(reopened.delete('bbb')).toBe(true);
    expect(reopened.delete('bbb')).toBe(false);
    expect(reopened.list().map((c) => c.id)).toEqual(['ccc']);
    reopened.close();
  });
});
