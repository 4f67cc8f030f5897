import { describe, expect, it } from 'vitest';
import { placeOf, summarize } from './profile-summary.ts';
import type { CpuProfile } from './profile-summary.ts';

const frame = (id: number, functionName: string, url: string) => ({
  id,
  callFrame: { functionName, url, lineNumber: 9 },
});

describe('profile summary', () => {
  it('names where code lives: a package (scoped too), the lab’s folders, node, V8', () => {
    expect(placeOf('file:///w/node_modules/@platformatic/kafka/dist/x.js', 'f')).toBe(
      '@platformatic/kafka',
    );
    expect(placeOf('file:///w/node_modules/amqplib/lib/x.js', 'f')).toBe('amqplib');
    expect(placeOf('file:///w/scenarios/src/lab/targets/resp-wire.ts', 'encode')).toBe(
      'scenarios/src/lab/targets',
    );
    expect(placeOf('node:internal/streams/writable', 'write')).toBe('node internals');
    expect(placeOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(placeOf('', 'writev')).toBe('(native) writev');
  });

  it('adds each sample’s time to the frame it hit, largest first', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', ''),
        frame(2, 'encode', 'file:///w/scenarios/src/lab/targets/resp-wire.ts'),
        frame(3, '(garbage collector)', ''),
      ],
      samples: [2, 2, 3, 2, 1],
      timeDeltas: [1000, 1000, 2000, 1000, 0],
    };
    const s = summarize(profile);
    expect(s.totalMs).toBe(5);
    expect(s.byPlace).toEqual([
      { name: 'scenarios/src/lab/targets', ms: 3, percent: 60 },
      { name: '(garbage collector)', ms: 2, percent: 40 },
      { name: '(root)', ms: 0, percent: 0 },
    ]);
    expect(s.byFunction[0]).toEqual({
      name: 'encode scenarios/src/lab/targets:10',
      ms: 3,
      percent: 60,
    });
  });
});
