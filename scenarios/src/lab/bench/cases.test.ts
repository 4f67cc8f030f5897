import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESSES } from '../../engine/addresses.ts';
import { labNames } from '../names.ts';
import {
  CASES,
  MESSAGE_SIZE,
  PERF_TEST_CONFIRMS,
  labConsumerWindow,
  labPipeline,
  labWorkload,
  perfTestArgs,
  toolPerProducerCount,
  producerPerformanceArgs,
  redisBenchmarkArgs,
} from './cases.ts';
import type { BenchCase } from './cases.ts';
import { producerOnlyModule } from './lab-side.ts';
import { toolNames, countFor } from './tool-side.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const byId = (id: BenchCase['id']): BenchCase => CASES.find((c) => c.id === id)!;
const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('bench cases pair the tool and the lab at the same size and durability', () => {
  it('gives every case a valid lab workload of one topic, 100-byte messages at max rate', () => {
    for (const c of CASES) {
      for (const producers of c.producers) {
        const w = labWorkload(c, producers, 10);
        expect(w).toMatchObject({
          topics: 1,
          partitionsPerTopic: 1,
          messageSize: MESSAGE_SIZE,
          producersPerTopic: producers,
          producerRate: 'max',
          testDurationSeconds: 10,
          durability: c.durability,
        });
        // Without consumers nothing is delivered: losses would be every message.
        expect(w.measure.losses).toBe(!c.producerOnly);
      }
    }
  });

  it('runs ProducerPerformance with the record size and the acks of the lab’s workload', () => {
    const c = byId('kafka');
    const args = producerPerformanceArgs(c, toolNames(c, 'bench-x'), DEFAULT_ADDRESSES, 1000);
    expect(after(args, '--record-size')).toBe(String(MESSAGE_SIZE));
    expect(after(args, '--command-property')).toBe('acks=1');
    expect(after(args, '--throughput')).toBe('-1');
    expect(after(args, '--num-records')).toBe('1000');
    expect(after(args, '--warmup-records')).toBe('200');
    expect(after(args, '--topic')).toBe('pg.lab-bench-x-tool.kafka.t0');
    const batched = byId('kafka-batched');
    const more = producerPerformanceArgs(batched, toolNames(batched, 'b'), DEFAULT_ADDRESSES, 10);
    expect(more.slice(-2)).toEqual(['acks=1', 'batch.size=262144']);
  });

  it('asks PerfTest for confirms exactly when the lab’s producer waits for them', () => {
    for (const id of ['rabbitmq', 'rabbitmq-confirms'] as const) {
      const c = byId(id);
      const args = perfTestArgs(c, toolNames(c, 'bench-x'), DEFAULT_ADDRESSES, 10);
      expect(after(args, '--size')).toBe(String(MESSAGE_SIZE));
      expect(after(args, '--time')).toBe('10');
      expect(after(args, '--producers')).toBe('1');
      expect(after(args, '--consumers')).toBe('1');
      expect(args.includes('--confirm')).toBe(c.durability.acks !== 'none');
      if (c.durability.acks !== 'none') {
        expect(after(args, '--confirm')).toBe(String(PERF_TEST_CONFIRMS));
      }
      // PerfTest consumes as it publishes, so the lab's side keeps its consumer.
      expect(c.producerOnly).toBe(false);
      // The lab's consumer window: prefetch 5000 at 100 B, acked (multiple) every 1250.
      expect(after(args, '--qos')).toBe('5000');
      expect(after(args, '--multi-ack-every')).toBe('1250');
      expect(labConsumerWindow(c)).toEqual({ prefetch: 5000, ackEvery: 1250 });
      expect(after(args, '--queue')).toBe('pg:lab-bench-x-tool:rabbitmq-classic:t0:s0');
      expect(after(args, '--exchange')).toBe('pg:lab-bench-x-tool:rabbitmq-classic:t0');
    }
  });

  it('sends redis-benchmark’s command with a value of the message size, to the tool’s own key', () => {
    const xadd = byId('redis-xadd');
    const a = redisBenchmarkArgs(xadd, toolNames(xadd, 'bench-x'), DEFAULT_ADDRESSES, 5000, 2);
    expect(a.slice(a.indexOf('--csv') + 1, -1)).toEqual([
      'XADD',
      'pg:lab-bench-x-tool:redis-streams:t0',
      '*',
      'v',
    ]);
    expect(a.at(-1)).toHaveLength(MESSAGE_SIZE);
    expect(after(a, '-n')).toBe('5000');
    // A connection per lab producer, each as deep as the lab producer's window (4 × 500).
    expect(after(a, '-c')).toBe('2');
    expect(after(a, '-P')).toBe(String(labPipeline(xadd)));
    expect(labPipeline(xadd)).toBe(2000);
    expect(toolPerProducerCount(xadd)).toBe(true);
    expect(toolPerProducerCount(byId('kafka'))).toBe(false);
    const pub = byId('redis-publish');
    const b = redisBenchmarkArgs(pub, toolNames(pub, 'bench-x'), DEFAULT_ADDRESSES, 5000, 1);
    expect(after(b, '-c')).toBe('1');
    expect(b.slice(b.indexOf('--csv') + 1, -1)).toEqual([
      'PUBLISH',
      'pg:lab-bench-x-tool:redis-pubsub:t0',
    ]);
  });

  it('keeps the tool’s names apart from the lab side’s, both under lab-bench', () => {
    for (const c of CASES) {
      const tool = toolNames(c, 'bench-x').destination;
      const lab = labNames({
        comparisonId: 'bench-x-kafka-p1',
        target: c.target,
        broker: c.broker,
      });
      expect(tool).not.toBe(lab.topic(0));
      expect(tool).toMatch(c.broker === 'kafka' ? /^pg\.lab-bench-/ : /^pg:lab-bench-/);
    }
  });

  it('has a producer-only module for every case whose tool only publishes', () => {
    for (const c of CASES.filter((x) => x.producerOnly)) {
      expect(existsSync(fileURLToPath(producerOnlyModule(c)))).toBe(true);
    }
  });

  it('sizes a count-based tool’s run from its pilot rate, within bounds', () => {
    expect(countFor(300_000, 10)).toBe(3_000_000);
    expect(countFor(1, 10)).toBe(100_000);
    expect(countFor(1e9, 10)).toBe(50_000_000);
  });
});
