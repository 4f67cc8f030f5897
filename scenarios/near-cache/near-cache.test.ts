// One run on the live Redis: invalidation by tracking (slowed to 20 ms), switched off while the
// run goes, then on again by pub/sub.
import { describe, expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  framesBetween,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import nearCache from './scenario.ts';

const DELAY_MS = 20;

describe('near-cache on the live Redis', () => {
  it('keeps the L1s within one delivery of Redis, and drifts apart with invalidation off', async () => {
    const run = await runScenario(nearCache, {
      durationSec: 9,
      params: { invalidationDelayMs: DELAY_MS },
      onStart: (r) => {
        setTimeout(() => r.updateParams({ invalidation: 'off' }), 3500);
        setTimeout(() => r.updateParams({ invalidation: 'pubsub' }), 6000);
      },
    });
    expect(run.state, run.error).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    const s = (key: string): number => summaryOf(run, key);
    expect(s('reads')).toBeGreaterThan(900 * 9 * 0.7);
    expect(s('errors')).toBe(0);
    expect(s('l1Hits')).toBeGreaterThan(s('reads') / 2);
    expect(run.facts.stretchesWithInvalidation).toBe(2);

    // Tracking: each window lasts about one (slowed) delivery.
    const tracking = framesBetween(run, 1000, 3400)
      .map((f) => f.values['stalenessMs.p50'])
      .filter((v): v is number => v !== undefined);
    expect(tracking.length).toBeGreaterThan(0);
    for (const p50 of tracking) {
      expect(p50).toBeGreaterThanOrEqual(DELAY_MS);
      expect(p50).toBeLessThan(DELAY_MS + 200);
    }
    // Off: nothing is delivered, and the instances serve overwritten values many times as often.
    expect(rateBetween(run, 'invalidations', 4000, 5900)).toBe(0);
    const staleOn = rateBetween(run, 'staleReads', 1000, 3400);
    const staleOff = rateBetween(run, 'staleReads', 4000, 5900);
    expect(staleOff).toBeGreaterThan(Math.max(5 * staleOn, 20));
    expect(run.events.some((e) => e.message.startsWith('Invalidation off'))).toBe(true);
    // Pub/sub: deliveries again, one per write per other instance.
    expect(rateBetween(run, 'invalidations', 6500, 8900)).toBeGreaterThan(0);
    await expectGoneFromBrokers(run);
  });
});
