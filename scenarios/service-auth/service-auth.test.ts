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
import { serviceAuthChecks } from './checks.ts';
import serviceAuth from './scenario.ts';

describe('service-auth on the shop', () => {
  it('refuses exactly the bad tokens, by reason, and no legitimate call across live rotations', async () => {
    const pids = new Set<number>();
    // Seven seconds of load, however long the start-up took on a busy machine.
    const run = await runScenario(serviceAuth, {
      durationSec: 60,
      params: { forgedPerSec: 10, expiredPerSec: 10 },
      onStart: (r) => {
        r.on('frame', () => r.faults.view().nodes.forEach((n) => pids.add(n.pid)));
        r.on('event', (e) => {
          if (e.message.startsWith('the gateway calls user-service'))
            setTimeout(() => r.stop(), 7000);
        });
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('stopped');
    for (const { id } of serviceAuthChecks) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    // Every kind of bad token was sent and refused; the legitimate calls went through rotations.
    for (const reason of ['forged', 'expired', 'audience']) {
      expect(summaryOf(run, `refused.${reason}`), reason).toBeGreaterThan(0);
    }
    expect(summaryOf(run, 'legitRefused')).toBe(0);
    expect(summaryOf(run, 'calls')).toBeGreaterThan(300);
    expect(run.facts.authRotations).toBeGreaterThanOrEqual(2);
    // Retired keys stay published while their tokens may live: more than one key at a time.
    expect(summaryOf(run, 'jwksKeys')).toBeGreaterThan(1);
    expect(pids.size).toBe(2);
    expect([...pids].filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(privateRunDir(run.id))).toBe(false);
    await expectGoneFromBrokers(run);
  }, 90_000);
});
