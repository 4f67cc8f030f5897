// When the launcher keeps the KRaft storage and when it formats it again.
import { describe, expect, it } from 'vitest';
import { pomKafkaVersion, reformatReason, releaseLine } from './kafka.ts';

describe('reformatReason', () => {
  const current = '4.4.0';

  it('keeps storage formatted by the same release line on the same controller port', () => {
    const stamp = { controllerPort: 9093, clusterId: 'x', kafkaVersion: '4.4.0' };
    expect(reformatReason(stamp, true, 9093, current)).toBeUndefined();
    expect(reformatReason(stamp, true, 9093, '4.4.1')).toBeUndefined();
  });

  it('reformats storage an older release formatted, including stamps without a version', () => {
    expect(reformatReason({ controllerPort: 9093 }, true, 9093, current)).toMatch(
      /formatted by Kafka 4\.1\.1, now Kafka 4\.4\.0/,
    );
    expect(
      reformatReason({ controllerPort: 9093, kafkaVersion: '4.5.0' }, true, 9093, current),
    ).toMatch(/formatted by Kafka 4\.5\.0/);
  });

  it('reformats when the controller port moved or formatting never finished', () => {
    const stamp = { controllerPort: 9093, kafkaVersion: current };
    expect(reformatReason(stamp, true, 9095, current)).toMatch(/9093 → 9095/);
    expect(reformatReason(stamp, false, 9093, current)).toMatch(/never fully formatted/);
    expect(reformatReason(undefined, true, 9093, current)).toMatch(/never fully formatted/);
  });
});

describe('pomKafkaVersion', () => {
  it('reads a 4.x release from infrastructure/kafka/pom.xml', () => {
    expect(pomKafkaVersion()).toMatch(/^4\.\d+\.\d+$/);
    expect(releaseLine('4.4.0')).toBe('4.4');
  });
});
