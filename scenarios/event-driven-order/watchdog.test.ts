import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/sdk/index.ts';
import type { ShopInstance } from '../src/sdk/index.ts';
import { CrashWatchdog } from './watchdog.ts';

/** An instance that can die; restarting it takes `restartMs` and may fail first. */
function fake(name: string, restartMs = 50, failures = 0): ShopInstance & { die(): void } {
  let running = true;
  let failuresLeft = failures;
  return {
    service: 'product-service',
    name,
    url: 'http://127.0.0.1:1',
    port: 1,
    pid: 1,
    get running() {
      return running;
    },
    die: () => void (running = false),
    kill: async () => void (running = false),
    stop: async () => void (running = false),
    async restart() {
      await new Promise((r) => setTimeout(r, restartMs));
      if (failuresLeft-- > 0) throw new Error('port busy');
      running = true;
    },
    pause: () => undefined,
    resume: () => undefined,
    metrics: async () => ({ samples: [], value: () => 0 }),
    control: async (body) => body,
  };
}

describe('the crash watchdog', () => {
  it('counts each death once, restarts it, and reports when it is back', async () => {
    const a = fake('product-service-1');
    const b = fake('product-service-2', 50, 1);
    const events: string[] = [];
    const dog: CrashWatchdog = new CrashWatchdog({
      instances: () => [a, b],
      onCrash: (i) => events.push(`crash ${i.name} restarting=${dog.restartsInProgress}`),
      onRestarted: (i) => events.push(`back ${i.name} restarting=${dog.restartsInProgress}`),
      onRestartFailed: (i) => events.push(`failed ${i.name}`),
    });
    dog.start();
    a.die();
    b.die();
    expect(await waitFor(() => dog.crashes === 2 && dog.up === 0, { withinMs: 1000 })).toBe(true);
    expect(await waitFor(() => dog.up === 2, { withinMs: 2000 })).toBe(true);
    await dog.stop();
    expect(dog.crashes).toBe(2);
    expect(events).toContain('crash product-service-1 restarting=1');
    expect(events).toContain('failed product-service-2');
    // The last one back sees no restart left: the hold-off on crashes can end.
    expect(events.filter((e) => e.startsWith('back')).at(-1)).toMatch(/restarting=0$/);
  });

  it('leaves an instance the learner stopped from the panel down, uncounted', async () => {
    const a = fake('product-service-1');
    const dog = new CrashWatchdog({
      instances: () => [a],
      onCrash: () => undefined,
      onRestarted: () => undefined,
      onRestartFailed: () => undefined,
      stoppedByPanel: () => true,
    });
    dog.start();
    a.die();
    await new Promise((r) => setTimeout(r, 300));
    await dog.stop();
    expect(dog.crashes).toBe(0);
    expect(a.running).toBe(false);
  });
});
