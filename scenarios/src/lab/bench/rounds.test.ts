import { describe, expect, it } from 'vitest';
import type { LabMeasurement } from './lab-side.ts';
import { median, roundsMarkdown, summarizeRounds } from './rounds.ts';
import { row } from './table.ts';
import type { ToolMeasurement } from './tool-side.ts';

const tool = (perSec: number): ToolMeasurement => ({
  tool: 't',
  command: '',
  perSec,
  receivedPerSec: null,
  seconds: 10,
  cpu: [],
  latency: '',
});
const lab = (perSec: number, producers = 1): LabMeasurement => ({
  target: 'x',
  producers,
  perSec,
  consumedPerSec: null,
  seconds: 10,
  cpu: [],
  latency: '',
  status: 'completed',
});
const kafka = { id: 'kafka' as const, title: 'Kafka' };
const load1 = { tool: 0, lab: 0 };

describe('rounds', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('groups by case and producer count; the ratio is the median of the rounds’ own ratios', () => {
    const rows = [
      row(kafka, tool(100), lab(40), load1),
      row(kafka, tool(100), lab(100, 2), load1),
      row(kafka, tool(50), lab(40), load1), // a slow round for both: its ratio is 0.8
      row(kafka, tool(100), lab(120, 2), load1),
      row(kafka, tool(200), lab(70), load1),
    ];
    const [one, two] = summarizeRounds(rows);
    expect(one).toMatchObject({
      case: 'kafka',
      producers: 1,
      rounds: 3,
      toolPerSec: 100,
      labPerSec: 40,
      ratio: 0.4,
      ratioMin: 0.35,
      ratioMax: 0.8,
      meetsGoal: false,
    });
    expect(two).toMatchObject({ producers: 2, rounds: 2, ratio: 1.1, meetsGoal: true });
    expect(roundsMarkdown([one!])).toContain('| kafka | 100 | 1 | 40 | 0.40 (0.35 to 0.80) | no |');
  });

  it('leaves a failed side out of the medians and judges nothing without a ratio', () => {
    const [s] = summarizeRounds([row(kafka, { failed: 'x' }, lab(10), load1)]);
    expect(s).toMatchObject({ toolPerSec: null, labPerSec: 10, ratio: null, meetsGoal: null });
  });
});
