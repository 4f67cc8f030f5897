import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import { serviceDiscoveryChecks } from './checks.ts';
import serviceDiscovery from './scenario.ts';

describe('service-discovery on the shop', () => {
  it('costs errors only until the killed key expires, and none to scale up or down live', async () => {
    const pids = new Set<number>();
    const ttlMs = 1500;
    // The script below ends the run, so a slow start-up on a busy machine costs no coverage.
    const run = await runScenario(serviceDiscovery, {
      durationSec: 60,
      params: { instances: 3, requestsPerSec: 150, ttlMs, killAtSec: 2 },
      onStart: (r) => {
        r.on('frame', () => r.faults.view().nodes.forEach((n) => pids.add(n.pid)));
        // Right after the kill, back to 3 running (a new product-service-4); once it serves,
        // down to 2: product-service-4 deregisters, drains and stops; a second later, the end.
        let scaledUp = false;
        let scaledDown = false;
        r.on('event', (e) => {
          if (!scaledUp && e.message.startsWith('product-service-1 killed')) {
            scaledUp = true;
            r.updateParams({ instances: 3 });
          } else if (!scaledDown && e.message.startsWith('product-service-4 started')) {
            scaledDown = true;
            setTimeout(() => r.updateParams({ instances: 2 }), 800);
          } else if (
            // Either way the scale-down is over: the assertions below tell which it was.
            e.message.startsWith('product-service-4 deregistered') ||
            e.message.startsWith('product-service-4 stopped')
          ) {
            setTimeout(() => r.stop(), 1000);
          }
        });
      },
    });
    expect(run.error).toBeUndefined();
    // Stopped by the script above; 'completed' means it waited on a moment that never came.
    const story = run.events.map((e) => `${(e.t / 1000).toFixed(2)} s ${e.message}`).join('\n');
    expect(run.state, story).toBe('stopped');
    for (const { id } of serviceDiscoveryChecks) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    // The last heartbeat, before the kill, set the full TTL: Redis dropped the key within it
    // (found at the next reading; a busy machine can delay a heartbeat, never extend a TTL).
    const deregisterMs = run.facts.deregisterMs as number;
    expect(deregisterMs).toBeGreaterThan(0);
    expect(deregisterMs).toBeLessThanOrEqual(ttlMs + (run.facts.registrySlackMs as number));
    expect(summaryOf(run, 'errorsAfterKill')).toBeGreaterThan(0);
    expect(summaryOf(run, 'errors')).toBe(summaryOf(run, 'errorsAfterKill'));
    // The new instance took traffic and was counted by itself before it stopped.
    expect(summaryOf(run, 'requests.product-service-4')).toBeGreaterThan(0);
    expect(run.facts['own.product-service-4']).toBe(summaryOf(run, 'requests.product-service-4'));
    expect(run.events.some((e) => e.message.startsWith('product-service-4 deregistered'))).toBe(
      true,
    );
    expect(pids.size).toBeGreaterThanOrEqual(6);
    expect([...pids].filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(privateRunDir(run.id))).toBe(false);
    await expectGoneFromBrokers(run);
  }, 90_000);
});
