import { describe, expect, it } from 'vitest';
import { ControlState, numberField } from './control.ts';

describe('ControlState (/_control)', () => {
  it('merges a body into the live chaos and hands the result to listeners', () => {
    const control = new ControlState();
    const seen: number[] = [];
    control.onChange((values) => seen.push(Number(values.delayMs)));
    expect(control.apply({ delayMs: 200, failRate: 0.5 })).toEqual({
      delayMs: 200,
      failRate: 0.5,
      failStatus: 503,
    });
    expect(control.apply({ failStatus: 500 }).delayMs).toBe(200);
    expect(seen).toEqual([200, 200]);
  });

  it('refuses an unknown field or a bad value, and then changes nothing', () => {
    const control = new ControlState();
    expect(() => control.apply({ delayMs: 5, nope: 1 })).toThrow('unknown field nope');
    expect(() => control.apply({ delayMs: 5, failRate: 2 })).toThrow(
      'failRate must be a number in [0, 1]',
    );
    expect(() => control.apply([1])).toThrow('JSON object');
    expect(control.snapshot().delayMs).toBe(0);
  });

  it("takes a service's own fields", () => {
    const control = new ControlState();
    control.define('rateLimitPerSec', numberField(0, 1000), 20);
    expect(control.number('rateLimitPerSec')).toBe(20);
    control.apply({ rateLimitPerSec: 5 });
    expect(control.number('rateLimitPerSec')).toBe(5);
  });
});
