import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import eventSourcing from './scenario.ts';

describe('event-sourcing on Kafka', () => {
  it('drops and rebuilds the view from offset 0, and rebuilds it as of a moment by timestamp', async () => {
    // Rebuilds at about 2 s and 4 s; the as-of read looks 2 s back from the stop.
    const run = await runScenario(eventSourcing, {
      durationSec: 5,
      params: { eventsPerSec: 300, rebuildEverySec: 2, asOfSecAgo: 2, accounts: 8 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    const events = summaryOf(run, 'events');
    expect(events).toBeGreaterThan(1000);
    expect(summaryOf(run, 'rebuilds')).toBeGreaterThanOrEqual(1);
    expect(Number(run.facts.generations)).toBeGreaterThanOrEqual(2);
    // Each rebuild replayed the log again; besides the replays, the views applied every event
    // once, give or take the handover: a rebuild reads its target before the old view stops, so
    // the old view may not have applied the last events below it yet (they come as replay), or
    // may apply a few above it that the new one then applies live too. At 300 events/s a
    // handover of half a second bounds either.
    const replayed = summaryOf(run, 'replayed');
    expect(replayed).toBeGreaterThan(300);
    const handovers = Number(run.facts.generations) - 1;
    expect(Math.abs(summaryOf(run, 'applied') - replayed - events)).toBeLessThanOrEqual(
      handovers * 150,
    );
    // A replay runs far faster than the events are written.
    expect(summaryOf(run, 'replayRate')).toBeGreaterThan(300);
    expect(summaryOf(run, 'rebuildMs')).toBeGreaterThan(0);
    // The view ends on the ledger's total, and each rebuild said what it replayed.
    expect(summaryOf(run, 'viewBalance')).toBe(summaryOf(run, 'ledgerBalance'));
    expect(run.events.filter((e) => /^rebuild \d+ done in /.test(e.message)).length).toBe(
      summaryOf(run, 'rebuilds'),
    );
    // The as-of view is an earlier state: fewer events than the whole log.
    expect(Number(run.facts['asOfView.events'])).toBeGreaterThan(0);
    expect(Number(run.facts['asOfView.events'])).toBeLessThan(Number(run.facts['rebuilt.events']));
    expect(rateBetween(run, 'events', 1000, 4500)).toBeGreaterThan(200);
    expect(run.events.some((e) => /^as of 2 s ago: offsets \[/.test(e.message))).toBe(true);
    await expectGoneFromBrokers(run);
  });

  it('says the as-of check does not apply when no earlier moment is asked for', async () => {
    const run = await runScenario(eventSourcing, {
      durationSec: 2,
      params: { eventsPerSec: 200, rebuildEverySec: 0, asOfSecAgo: 0 },
    });
    expect(run.state).toBe('completed');
    expect(checkOf(run, 'as-of-equals-ledger-then').status).toBe('not-applicable');
    expect(checkOf(run, 'rebuild-equals-ledger').status).toBe('passed');
    expect(checkOf(run, 'live-view-equals-rebuild').status).toBe('passed');
    expect(summaryOf(run, 'rebuilds')).toBe(0);
    await expectGoneFromBrokers(run);
  });
});
