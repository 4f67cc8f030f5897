// The pure parts of the charts' story: the y-scale fitted to the load phase, units that scale,
// axis labels wide enough, identical series found, whole-run legend figures, phase bands.
import { describe, expect, it } from 'vitest';
import { fitY } from '../../playground-ui/src/charts/fit.ts';
import { displayUnit } from '../../playground-ui/src/charts/units.ts';
import { axisWidth } from '../../playground-ui/src/charts/label-width.ts';
import { identicalSeries } from '../../playground-ui/src/charts/identical.ts';
import { legendValue } from '../../playground-ui/src/charts/legend-value.ts';
import { fitUntilMs, phaseBands } from '../../playground-ui/src/charts/phases.ts';
import { formatTick, formatValue } from '../../playground-ui/src/charts/format.ts';
import { niceTicks } from '../../playground-ui/src/charts/scale.ts';
import type { Frame, RunPhase } from '../../playground-ui/src/api/types.ts';

const frame = (t: number, values: Record<string, number>): Frame => ({ t, values });

// Fanout with a slow subscriber: 100 and 50 msg/s during the load, then a drain burst.
const fanout: Frame[] = [
  ...Array.from({ length: 20 }, (_, i) => frame(i * 250, { fast: 100, slow: 50 })),
  frame(5100, { fast: 0, slow: 7560 }),
  frame(5350, { fast: 0, slow: 0 }),
];
const phases: RunPhase[] = [
  { name: 'load', startMs: 0, endMs: 5000 },
  { name: 'drain', startMs: 5000, endMs: 5400 },
];

describe('fitY', () => {
  it("fits the axis to the load phase and flags the drain's peak as off scale", () => {
    const fit = fitY(fanout, ['fast', 'slow'], { untilMs: fitUntilMs(phases) });
    expect(fit.max).toBe(100);
    expect(fit.peak).toBe(7560);
    expect(fit.offScale).toBe(true);
  });

  it('fits every frame when there is no drain', () => {
    const fit = fitY(fanout, ['fast', 'slow'], { untilMs: fitUntilMs(phases.slice(0, 1)) });
    expect(fit.max).toBeGreaterThanOrEqual(7560);
    expect(fit.offScale).toBe(false);
  });

  it('falls back to the drain when nothing was measured before it', () => {
    const fit = fitY([frame(100, { a: 0 }), frame(5200, { a: 40 })], ['a'], { untilMs: 5000 });
    expect(fit.max).toBe(40);
  });

  it('makes ticks round in the unit the axis shows', () => {
    const fit = fitY([frame(0, { p: 48_500 })], ['p'], { factor: 1 / 1000 });
    expect(fit.ticks.map((t) => t / 1000)).toEqual([0, 20, 40, 60]);
  });
});

describe('niceTicks', () => {
  it('keeps labels whole when the range allows', () => {
    for (const max of [7, 9, 13.5, 42, 99]) {
      for (const t of niceTicks(max, 4)) expect(Number.isInteger(t), `${max}: ${t}`).toBe(true);
    }
  });
});

describe('displayUnit and formatValue', () => {
  it('turns ms into s above 10,000 ms and rates into K above 10,000', () => {
    expect(displayUnit('ms', 9_999)).toEqual({ unit: 'ms', factor: 1 });
    expect(displayUnit('ms', 48_500)).toEqual({ unit: 's', factor: 1 / 1000 });
    expect(displayUnit('msg/s', 18_000)).toEqual({ unit: 'K msg/s', factor: 1 / 1000 });
    expect(displayUnit('msg/s', 150)).toEqual({ unit: 'msg/s', factor: 1 });
    expect(displayUnit('ratio', 5)).toEqual({ unit: 'ratio', factor: 1 });
    expect(formatValue(48_500, 'ms')).toBe('48.5 s');
    expect(formatValue(0.89, 'ms')).toBe('0.89 ms');
  });
});

describe('axisWidth', () => {
  it('grows with the longest label so none is clipped', () => {
    const narrow = axisWidth(['0', '50', '100'], 11);
    const wide = axisWidth(['0', '5K', '10K', '13.5K'], 11);
    expect(wide).toBeGreaterThan(narrow);
    // 5 characters at 11 px: at least 0.6 em each, plus the tick and its gap (8 px).
    expect(wide).toBeGreaterThanOrEqual(5 * 0.6 * 11 + 8);
    // A measured width wins over the estimate.
    expect(axisWidth(['13.5K'], 11, () => 60)).toBeGreaterThanOrEqual(68);
    expect(axisWidth(['13.5K'], 14)).toBeGreaterThan(wide);
    expect(axisWidth(['100%'], 11)).toBeGreaterThanOrEqual(28);
  });
});

describe('identicalSeries', () => {
  const lines = [
    { id: 'tb', key: 'tb', label: 'Token bucket' },
    { id: 'gcra', key: 'gcra', label: 'GCRA' },
    { id: 'fw', key: 'fw', label: 'Fixed window' },
  ];
  it('names the earlier series a later one equals over the whole run', () => {
    const frames = [1, 2, 3, 4].map((i) => frame(i, { tb: i * 10, gcra: i * 10, fw: i * 11 }));
    expect([...identicalSeries(lines, frames)]).toEqual([['gcra', 'Token bucket']]);
  });

  it('does not pair series that differ once, or share only a couple of points', () => {
    const frames = [1, 2, 3, 4].map((i) => frame(i, { tb: 10, gcra: i === 4 ? 11 : 10, fw: 3 }));
    expect(identicalSeries(lines, frames).size).toBe(0);
    expect(identicalSeries(lines, frames.slice(0, 2)).size).toBe(0);
  });
});

describe('legendValue', () => {
  const p50 = { key: 'lat.p50', unit: 'ms' };
  const rate = { key: 'sent.rate', unit: 'msg/s', total: { key: 'sent', unit: 'msg' } };
  const last = frame(9000, { 'lat.p50': 3750, 'sent.rate': 0, sent: 5000 });
  it('shows the last frame while the run goes', () => {
    expect(legendValue(p50, last, undefined)).toBe('3,750 ms');
  });
  it("shows the run's percentile and a counter's total once it has ended", () => {
    const summary = { 'lat.p50': 0.89, sent: 5000 };
    expect(legendValue(p50, last, summary)).toBe('0.89 ms');
    expect(legendValue(rate, last, summary)).toBe('5,000 msg total');
  });
});

describe('phaseBands', () => {
  it('clips phases to the view and ends an open phase at its right edge', () => {
    const open: RunPhase[] = [
      { name: 'warm-up', startMs: 0, endMs: 2000 },
      { name: 'load', startMs: 2000, endMs: null },
    ];
    expect(phaseBands(open, 1, 6)).toEqual([
      { name: 'warm-up', from: 1, to: 2 },
      { name: 'load', from: 2, to: 6 },
    ]);
  });
  it('draws nothing for a run that is only its default load', () => {
    expect(phaseBands([{ name: 'load', startMs: 0, endMs: null }], 0, 10)).toEqual([]);
  });
});

describe('formatTick', () => {
  it('writes scaled ticks without a unit', () => {
    expect(formatTick(2.5, 'K msg/s')).toBe('2.5');
    expect(formatTick(15, 's')).toBe('15');
    expect(formatTick(0.5, 'ratio')).toBe('50%');
  });
});
