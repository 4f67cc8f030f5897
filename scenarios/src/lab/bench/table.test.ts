import { describe, expect, it } from 'vitest';
import type { LabMeasurement } from './lab-side.ts';
import { benchTable, ratioOf, row } from './table.ts';
import type { ToolMeasurement } from './tool-side.ts';

const tool = (perSec: number, receivedPerSec: number | null = null): ToolMeasurement => ({
  tool: 'ProducerPerformance',
  command: 'java …',
  perSec,
  receivedPerSec,
  seconds: 10,
  cpu: [
    { name: 'tool', pid: 1, cpuPercentAvg: 140.4, cpuPercentMax: 150, rssMbMax: 100 },
    { name: 'kafka', pid: 2, cpuPercentAvg: 60, cpuPercentMax: 70, rssMbMax: 500 },
  ],
  latency: '',
});

const lab = (perSec: number, fields: Partial<LabMeasurement> = {}): LabMeasurement => ({
  target: 'Kafka',
  producers: 1,
  perSec,
  consumedPerSec: null,
  seconds: 10,
  cpu: [{ name: 'lab', pid: 3, cpuPercentAvg: 99.6, cpuPercentMax: 100, rssMbMax: 300 }],
  latency: '',
  status: 'completed',
  ...fields,
});

const kafka = { id: 'kafka' as const, title: 'Kafka' };
const load1 = { tool: 0.4, lab: 0.6 };

describe('bench rows', () => {
  it('divides ours by the tool’s rate and holds it against the 0.5× bar', () => {
    expect(ratioOf(400_000, 100_000)).toBe(0.25);
    expect(ratioOf(0, 100)).toBeNull();
    expect(row(kafka, tool(400_000), lab(200_000), load1)).toMatchObject({
      ratio: 0.5,
      meetsGoal: true,
    });
    // 0.4975: rounded down, so just under the bar is never shown as on it.
    expect(row(kafka, tool(400_000), lab(199_000), load1)).toMatchObject({
      ratio: 0.49,
      meetsGoal: false,
    });
    expect(row(kafka, tool(400_000), lab(150_000), load1).meetsGoal).toBe(false);
  });

  it('judges nothing when a side failed or the lab run did not complete', () => {
    expect(row(kafka, { failed: 'no java' }, lab(1), load1)).toMatchObject({
      ratio: null,
      meetsGoal: null,
    });
    const stopped = row(kafka, tool(10), lab(10, { status: 'stopped', error: 'stopped' }), load1);
    expect(stopped.ratio).toBe(1);
    expect(stopped.meetsGoal).toBeNull();
  });

  it('prints rates, ratio, who was busy and the load, and says why a side failed', () => {
    const text = benchTable([
      row(kafka, tool(400_000), lab(100_000), load1),
      row(
        { id: 'rabbitmq', title: 'RabbitMQ' },
        tool(25_000, 24_000),
        lab(30_000, { consumedPerSec: 29_000, producers: 2 }),
        load1,
      ),
      row(
        { id: 'redis-xadd', title: 'XADD' },
        { failed: 'redis-benchmark exited with 1' },
        lab(5),
        load1,
      ),
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^case\s+tool msg\/s\s+ours\s+ours msg\/s\s+ratio/);
    expect(lines[2]).toMatch(
      /kafka\s+400,000\s+1 producer\s+100,000\s+0\.25× <0\.5\s+140 % \/ 60 %\s+100 % \/ –\s+0\.4\/0\.6/,
    );
    expect(lines[3]).toMatch(
      /25,000 \(24,000 recv\)\s+2 producers\s+30,000 \(29,000 recv\)\s+1\.20×/,
    );
    expect(lines[4]).toMatch(/redis-xadd\s+failed/);
    expect(text).toMatch(/redis-xadd tool: redis-benchmark exited with 1$/);
  });
});
