// Each check on made-up numbers: it fails when the clients' count and the broker's disagree,
// and is not applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { backpressureChecks } from './checks.ts';
import type { BackpressureParams } from './params.ts';

const params: BackpressureParams = {
  mode: 'both',
  publishRate: 500,
  consumeRate: 100,
  maxLength: 50,
  phaseSec: 1,
  memoryPhaseSec: 4,
  headroomMb: 24,
  bigMessageKb: 64,
};

const consistent: RunFacts = {
  'drop-head.published': 500,
  'drop-head.confirmed': 500,
  'drop-head.nacked': 0,
  'drop-head.consumed': 100,
  'drop-head.finalDepth': 50,
  'drop-head.maxDepthSeen': 50,
  'drop-head.missing': 350,
  'drop-head.missingAllOlder': true,
  'reject-publish.published': 500,
  'reject-publish.confirmed': 150,
  'reject-publish.nacked': 350,
  'reject-publish.consumed': 100,
  'reject-publish.finalDepth': 50,
  'reject-publish.maxDepthSeen': 50,
  'reject-publish.missing': 0,
  'reject-publish-dlx.published': 500,
  'reject-publish-dlx.confirmed': 150,
  'reject-publish-dlx.nacked': 350,
  'reject-publish-dlx.consumed': 100,
  'reject-publish-dlx.finalDepth': 50,
  'reject-publish-dlx.maxDepthSeen': 50,
  'reject-publish-dlx.deadLettered': 350,
  'reject-publish-dlx.missing': 0,
  memoryRan: true,
  blockedMs: 3000,
  blockedEpisodes: 2,
  alarmMs: 3010,
  alarmEpisodes: 2,
  alarmEpisodeMs: '1500,1510',
};

function run(
  facts: RunFacts = {},
  p: Partial<BackpressureParams> = {},
): FinishedRun<BackpressureParams> {
  return {
    params: { ...params, ...p },
    summary: {},
    facts: { ...consistent, ...facts },
    durationMs: 12_000,
  };
}

function status(id: string, r: FinishedRun<BackpressureParams>): string {
  const check = backpressureChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
}

describe('backpressure checks', () => {
  it('pass on a consistent run', () => {
    for (const c of backpressureChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('fail when the clients and the broker disagree', () => {
    expect(status('depth-within-max-length', run({ 'reject-publish.maxDepthSeen': 51 }))).toBe(
      'failed',
    );
    expect(status('nacks-equal-refusals', run({ 'reject-publish.nacked': 349 }))).toBe('failed');
    expect(status('nacks-equal-refusals', run({ 'reject-publish-dlx.deadLettered': 340 }))).toBe(
      'failed',
    );
    expect(status('nacks-equal-refusals', run({ 'reject-publish.missing': 1 }))).toBe('failed');
    expect(status('drop-head-drops-oldest', run({ 'drop-head.missing': 349 }))).toBe('failed');
    expect(status('drop-head-drops-oldest', run({ 'drop-head.nacked': 1 }))).toBe('failed');
    expect(status('drop-head-drops-oldest', run({ 'drop-head.missingAllOlder': false }))).toBe(
      'failed',
    );
    expect(status('blocked-matches-alarm', run({ blockedEpisodes: 1 }))).toBe('failed');
    expect(status('blocked-matches-alarm', run({ blockedMs: 1200 }))).toBe('failed');
    expect(status('blocked-matches-alarm', run({ blockedEpisodes: 0, blockedMs: 0 }))).toBe(
      'failed',
    );
    // A flap the publisher never met (it was waiting on its socket) is not a missed block…
    const flap = {
      alarmEpisodes: 2,
      alarmMs: 2247,
      alarmEpisodeMs: '245,2002',
      blockedEpisodes: 1,
    };
    expect(status('blocked-matches-alarm', run({ ...flap, blockedMs: 2002 }))).toBe('passed');
    // …but one long enough to meet is, and the lengths must still agree.
    expect(
      status(
        'blocked-matches-alarm',
        run({ ...flap, alarmEpisodeMs: '600,1647', blockedMs: 1647 }),
      ),
    ).toBe('failed');
    expect(status('blocked-matches-alarm', run({ ...flap, blockedMs: 1500 }))).toBe('passed');
    expect(status('blocked-matches-alarm', run({ ...flap, blockedMs: 1100 }))).toBe('failed');
    // Blocked longer than the node's alarm was ever set: not the alarm's doing.
    expect(status('blocked-matches-alarm', run({ ...flap, blockedMs: 2400 }))).toBe('failed');
  });

  it('are not applicable when the params or the run rule them out', () => {
    const maxLengthOnly = run({}, { mode: 'max-length' });
    const memoryOnly = run({}, { mode: 'memory-alarm' });
    expect(status('blocked-matches-alarm', maxLengthOnly)).toBe('not-applicable');
    for (const id of [
      'depth-within-max-length',
      'nacks-equal-refusals',
      'drop-head-drops-oldest',
    ]) {
      expect(status(id, memoryOnly), id).toBe('not-applicable');
    }
    const keptUp = run({
      'drop-head.missing': 0,
      'drop-head.consumed': 500,
      'drop-head.finalDepth': 0,
      'reject-publish.nacked': 0,
      'reject-publish.consumed': 500,
      'reject-publish.finalDepth': 0,
      'reject-publish-dlx.nacked': 0,
      'reject-publish-dlx.deadLettered': 0,
      'reject-publish-dlx.consumed': 500,
      'reject-publish-dlx.finalDepth': 0,
    });
    expect(status('drop-head-drops-oldest', keptUp)).toBe('not-applicable');
    expect(status('nacks-equal-refusals', keptUp)).toBe('not-applicable');
    expect(
      status(
        'blocked-matches-alarm',
        run({ blockedEpisodes: 0, blockedMs: 0, alarmEpisodes: 0, alarmMs: 0 }),
      ),
    ).toBe('not-applicable');
    expect(status('blocked-matches-alarm', run({ memoryRan: false }))).toBe('not-applicable');
    expect(
      status('depth-within-max-length', { params, summary: {}, facts: {}, durationMs: 3000 }),
    ).toBe('not-applicable');
  });
});
