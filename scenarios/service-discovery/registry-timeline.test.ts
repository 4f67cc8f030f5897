import { describe, expect, it } from 'vitest';
import { RegistryTimeline } from './registry-timeline.ts';

const reading = (entries: [string, boolean][]): Map<string, boolean> => new Map(entries);

describe('RegistryTimeline', () => {
  it('keeps the stretches a key was found, and when it was first found gone', () => {
    const t = new RegistryTimeline();
    t.observe(
      0,
      reading([
        ['a', true],
        ['b', false],
      ]),
    );
    t.observe(
      20,
      reading([
        ['a', true],
        ['b', true],
      ]),
    );
    t.observe(
      40,
      reading([
        ['a', false],
        ['b', true],
      ]),
    );
    t.observe(
      60,
      reading([
        ['a', false],
        ['b', true],
      ]),
    );
    t.observe(
      85,
      reading([
        ['a', true],
        ['b', true],
      ]),
    );
    expect(t.presence('a')).toEqual([
      { fromMs: 0, toMs: 20 },
      { fromMs: 85, toMs: 85 },
    ]);
    expect(t.presence('b')).toEqual([{ fromMs: 20, toMs: 85 }]);
    // Back again: no longer gone.
    expect(t.firstGoneAt('a')).toBeUndefined();
    expect(t.maxGapMs).toBe(25);
    expect(t.readings).toBe(5);
  });

  it('says when a key first went missing, once, and never for a key not yet seen', () => {
    const t = new RegistryTimeline();
    t.observe(0, reading([['a', false]]));
    expect(t.firstGoneAt('a')).toBeUndefined();
    t.observe(10, reading([['a', true]]));
    t.observe(30, reading([['a', false]]));
    t.observe(50, reading([['a', false]]));
    expect(t.firstGoneAt('a')).toBe(30);
    expect(t.isPresent('a')).toBe(false);
  });

  it('judges "registered during" with a reading’s slack on each side, and only then', () => {
    const t = new RegistryTimeline();
    t.observe(100, reading([['a', true]]));
    t.observe(120, reading([['a', true]]));
    t.observe(140, reading([['a', false]]));
    expect(t.registeredDuring('a', 110, 115, 0)).toBe(true);
    expect(t.registeredDuring('a', 130, 135, 0)).toBe(false);
    expect(t.registeredDuring('a', 130, 135, 20)).toBe(true);
    expect(t.registeredDuring('a', 200, 210, 20)).toBe(false);
    expect(t.registeredDuring('nobody', 100, 200, 20)).toBe(false);
  });
});
