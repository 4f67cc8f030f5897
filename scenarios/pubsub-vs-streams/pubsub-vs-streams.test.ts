// Runs the scenario on the live Redis with disruptions early and often: the subscriber is away
// for a second from 0.75 s, a consumer crashes every 1.5 s. Pub/sub must lose exactly what was
// sent meanwhile; the stream must lose nothing and end with nothing pending.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

describe('pubsub-vs-streams on the live Redis', () => {
  let run: FinishedRunView;

  beforeAll(async () => {
    run = await runScenario(scenario, {
      durationSec: 4,
      params: {
        eventsPerSec: 300,
        disconnectEverySec: 1.5,
        awaySec: 1,
        crashConsumerEverySec: 1.5,
      },
    });
  }, 20_000);

  it('passes every check', () => {
    expect(run.state, run.error).toBe('completed');
    for (const check of run.checks)
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  });

  it('loses on pub/sub what was sent while the subscriber was away, and nothing on the stream', () => {
    const published = summaryOf(run, 'published');
    expect(published).toBeGreaterThan(1000);
    // Away about 1 s of each 1.5 s after the first 0.75 s: a large share, never all.
    const lost = summaryOf(run, 'lost.pubsub');
    expect(lost).toBeGreaterThan(published * 0.2);
    expect(summaryOf(run, 'received.pubsub')).toBe(published - lost);
    expect(run.facts.pubsubMissed).toBe(lost);
    expect(summaryOf(run, 'received.stream')).toBe(published);
    expect(run.facts.streamEntriesAdded).toBe(published);
    expect(run.facts.streamPending).toBe(0);
    // While the subscriber was away its rate fell to 0; the stream's did not.
    const away = run.events.find((e) => e.message.startsWith('Subscriber disconnected'));
    expect(away).toBeDefined();
    const from = (away?.t ?? 0) + 250;
    expect(rateBetween(run, 'received.pubsub', from, from + 500)).toBe(0);
    expect(rateBetween(run, 'received.stream', from, from + 500)).toBeGreaterThan(100);
  });

  it('claims what a crashed consumer held with XAUTOCLAIM', () => {
    expect(summaryOf(run, 'abandoned')).toBeGreaterThan(0);
    expect(summaryOf(run, 'claimed')).toBe(summaryOf(run, 'abandoned'));
    expect(checkOf(run, 'claimed-what-crashed-consumers-left').status).toBe('passed');
    expect(run.events.some((e) => / crashed holding \d+ entr/.test(e.message))).toBe(true);
    expect(run.events.some((e) => /XAUTOCLAIM/.test(e.message))).toBe(true);
  });

  it('leaves no key behind', async () => {
    await expectGoneFromBrokers(run);
  });
});
