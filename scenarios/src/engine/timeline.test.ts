import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineScenario } from '../sdk/index.ts';
import { expectGoneFromBrokers } from '../testing/index.ts';
import { runScenario } from './run-scenario.ts';
import { Timeline } from './timeline.ts';

describe('Timeline', () => {
  it('starts in load, ends the current phase when the next begins, and closes the last', () => {
    const timeline = new Timeline();
    timeline.phase('load', 500);
    expect(timeline.phase('spike', 1000)).toBe(true);
    expect(timeline.phase('spike', 1500)).toBe(false);
    timeline.phase('drain', 3000);
    timeline.end(3400);
    expect(timeline.phases).toEqual([
      { name: 'load', startMs: 0, endMs: 1000 },
      { name: 'spike', startMs: 1000, endMs: 3000 },
      { name: 'drain', startMs: 3000, endMs: 3400 },
    ]);
  });

  it("lets the scenario's first phase name the start instead of leaving a sliver of load", () => {
    const timeline = new Timeline();
    timeline.phase('warm-up', 120);
    timeline.phase('load', 2000);
    expect(timeline.phases).toEqual([
      { name: 'warm-up', startMs: 0, endMs: 2000 },
      { name: 'load', startMs: 2000, endMs: null },
    ]);
  });

  it('keeps at most 200 markers', () => {
    const timeline = new Timeline();
    for (let i = 0; i < 250; i++) timeline.mark(i, `m${i}`);
    expect(timeline.markers).toHaveLength(200);
    expect(timeline.markers[0]).toEqual({ t: 0, kind: 'moment', label: 'm0' });
  });
});

const narrated = defineScenario({
  id: 'engine-timeline-test',
  title: 'Engine timeline test',
  summary: 'Names a phase, marks moments, and waits for the stop.',
  brokers: ['redis'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object(
    {
      rate: Type.Integer({ default: 1, minimum: 0, maximum: 10, description: 'r', 'x-live': true }),
    },
    { additionalProperties: false },
  ),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    ctx.phase('warm-up');
    await ctx.sleep(200);
    ctx.phase('load');
    ctx.mark('halfway');
    ctx.event('a wave of expiries', { mark: true });
    await ctx.sleep(ctx.durationMs);
    // The load stopped: the engine has opened the drain; the scenario's drain takes a moment.
    await new Promise((resolve) => setTimeout(resolve, 150));
  },
  checks: [],
});

describe('Run timeline', () => {
  it('records named phases, a drain from the stop to the end, and markers for changes', async () => {
    const run = await runScenario(narrated, {
      durationSec: 1,
      tickMs: 100,
      onStart: (r) => setTimeout(() => r.updateParams({ rate: 3 }), 500),
    });
    const names = run.phases.map((p) => p.name);
    expect(names).toEqual(['warm-up', 'load', 'drain']);
    const [warm, load, drain] = run.phases;
    expect(warm).toMatchObject({ startMs: 0 });
    expect(warm!.endMs).toBeGreaterThanOrEqual(200);
    expect(load!.startMs).toBe(warm!.endMs);
    expect(drain!.startMs).toBe(load!.endMs);
    expect(drain!.startMs).toBeGreaterThanOrEqual(1000);
    // The drain lasts as long as the scenario took after the stop, not zero.
    expect(drain!.endMs! - drain!.startMs).toBeGreaterThanOrEqual(140);
    expect(run.markers.map((m) => [m.kind, m.label])).toEqual([
      ['moment', 'halfway'],
      ['moment', 'a wave of expiries'],
      ['change', 'rate=3'],
    ]);
    const change = run.markers[2]!;
    expect(change.t).toBeGreaterThanOrEqual(450);
    expect(run.events.map((e) => e.message)).toContain('a wave of expiries');
    await expectGoneFromBrokers(run);
  });
});
