import { describe, expect, it } from 'vitest';
import { WorkloadError, parseWorkload, ratePerProducer } from './workload.ts';
import { shippedWorkloads } from './workloads.ts';

const minimal = `
name: small
description: a test
messageSize: 100
producerRate: 1000
testDurationSeconds: 5
`;

describe('workload files', () => {
  it('fills defaults as the OMB words mean them', () => {
    const w = parseWorkload(minimal);
    expect(w).toMatchObject({
      topics: 1,
      partitionsPerTopic: 1,
      producersPerTopic: 1,
      subscriptionsPerTopic: 1,
      consumerPerSubscription: 1,
      keyDistributor: 'NO_KEY',
      warmupDurationSeconds: 0,
      durability: { acks: 'leader', persistent: false, fsync: false },
      backlog: false,
    });
    expect(ratePerProducer(w)).toBe(1000);
  });

  it('reads JSON too', () => {
    const w = parseWorkload(
      JSON.stringify({
        name: 'j',
        description: '',
        messageSize: 16,
        producerRate: 'max',
        testDurationSeconds: 1,
      }),
    );
    expect(ratePerProducer(w)).toBe(Infinity);
  });

  it('names every bad field, and unknown ones', () => {
    const text = [
      'name: bad',
      'description: x',
      'messageSize: 2',
      'producerRate: fast',
      'testDurationSeconds: 5',
      'partitions: 3',
    ].join('\n');
    let error: WorkloadError | undefined;
    try {
      parseWorkload(text, 'bad.yaml');
    } catch (e) {
      error = e as WorkloadError;
    }
    expect(error).toBeInstanceOf(WorkloadError);
    const said = error!.message;
    expect(said).toMatch(/^bad\.yaml: /);
    expect(said).toMatch(/messageSize: .*16/);
    expect(said).toMatch(/producerRate/);
    expect(said).toMatch(/partitions: not a workload field/);
  });

  it('refuses what is not a mapping, or not YAML', () => {
    expect(() => parseWorkload('- a\n- b')).toThrow(/mapping/);
    expect(() => parseWorkload('name: [unclosed')).toThrow(/not YAML or JSON/);
  });

  it('ships the six workloads the lab promises, each valid', () => {
    const names = shippedWorkloads().map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'tiny-max',
        'fixed-10k-16p',
        'fanout-8',
        'work-queue-slow',
        'durable',
        'backlog-drain',
      ]),
    );
    const byName = Object.fromEntries(shippedWorkloads().map((w) => [w.name, w]));
    expect(byName['fixed-10k-16p']).toMatchObject({
      messageSize: 1024,
      producerRate: 10000,
      partitionsPerTopic: 16,
    });
    expect(byName['fanout-8']?.subscriptionsPerTopic).toBe(8);
    expect(byName['work-queue-slow']).toMatchObject({
      consumerPerSubscription: 4,
      consumerProcessingMs: 5,
    });
    expect(byName['durable']?.durability).toEqual({ acks: 'all', persistent: true, fsync: true });
    expect(byName['backlog-drain']?.backlog).toBe(true);
  });
});
