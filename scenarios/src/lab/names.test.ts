import { describe, expect, it } from 'vitest';
import { labNames, labResources } from './names.ts';
import { checkWorkload } from './workload.ts';

describe('lab names', () => {
  it('puts every name under the run id the sweep reads, per target, Kafka with dots', () => {
    const kafka = labNames({ comparisonId: 'abc123', target: 'kafka', broker: 'kafka' });
    expect(kafka.topic(0)).toBe('pg.lab-abc123.kafka.t0');
    expect(kafka.subscription(1, 2)).toBe('pg.lab-abc123.kafka.t1.s2');
    const quorum = labNames({
      comparisonId: 'abc123',
      target: 'rabbitmq-quorum',
      broker: 'rabbitmq',
    });
    expect(quorum.subscription(0, 0)).toBe('pg:lab-abc123:rabbitmq-quorum:t0:s0');
    // The sweep takes the run id from the second part of a name.
    expect(kafka.topic(0).split('.')[1]).toBe('lab-abc123');
    expect(quorum.topic(0).split(':')[1]).toBe('lab-abc123');
  });

  it('journals every queue, exchange, topic and group the targets may create', () => {
    const workload = checkWorkload({
      name: 'w',
      description: '',
      messageSize: 16,
      producerRate: 1,
      testDurationSeconds: 1,
      topics: 2,
      subscriptionsPerTopic: 2,
    });
    const r = labResources(
      'abc123',
      [
        { id: 'kafka', broker: 'kafka' },
        { id: 'rabbitmq-classic', broker: 'rabbitmq' },
        { id: 'redis-streams', broker: 'redis' },
      ],
      workload,
    );
    expect(r.redisKeyPrefix).toBe('pg:lab-abc123:');
    expect(r.topics).toEqual(['pg.lab-abc123.kafka.t0', 'pg.lab-abc123.kafka.t1']);
    expect(r.groups).toHaveLength(4);
    expect(r.exchanges).toEqual([
      'pg:lab-abc123:rabbitmq-classic:t0',
      'pg:lab-abc123:rabbitmq-classic:t1',
    ]);
    expect(r.queues).toContain('pg:lab-abc123:rabbitmq-classic:t1:s1');
    expect(r.queues).toHaveLength(6);
  });
});
