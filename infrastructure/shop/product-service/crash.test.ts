import { describe, expect, it } from 'vitest';
import { CrashInjector } from './crash.ts';
import { parseOrderSettings } from './order-modes.ts';

class Died extends Error {}

function injector(draws: number[]): { crash: CrashInjector; lines: string[] } {
  const lines: string[] = [];
  const crash = new CrashInjector({
    random: () => draws.shift() ?? 1,
    die: () => {
      throw new Died();
    },
    log: (line) => lines.push(line),
  });
  return { crash, lines };
}

describe('crash injection', () => {
  it('dies when the draw falls under the rate, and says where first', () => {
    const { crash, lines } = injector([0.5, 0.01]);
    crash.maybeCrash(0.1, 'after-write', 'order-1');
    expect(() => crash.maybeCrash(0.1, 'after-write', 'order-2')).toThrow(Died);
    expect(lines).toEqual(['crash injected at after-write (order-2): SIGKILL']);
  });

  it('never dies at rate 0, whatever the draw', () => {
    const { crash } = injector([0, 0, 0]);
    for (let i = 0; i < 3; i++) crash.maybeCrash(0, 'relay-after-publish', `order-${i}`);
  });
});

describe('order settings', () => {
  const fallback = { mode: 'outbox', crashRate: 0 } as const;

  it('takes the hash’s mode and rate, and the fallback for what is missing or out of range', () => {
    expect(parseOrderSettings({ mode: 'dual-write', crashRate: '0.05' }, fallback)).toEqual({
      mode: 'dual-write',
      crashRate: 0.05,
    });
    expect(parseOrderSettings({}, fallback)).toEqual(fallback);
    expect(parseOrderSettings({ mode: 'both', crashRate: '2' }, fallback)).toEqual(fallback);
    expect(parseOrderSettings({ crashRate: 'x' }, fallback)).toEqual(fallback);
  });
});
