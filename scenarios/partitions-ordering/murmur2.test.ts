import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../src/sdk/kafka/index.ts';
import { defaultPartition, murmur2 } from './murmur2.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('murmur2', () => {
  it("gives the Java client's values (Kafka's UtilsTest)", () => {
    expect(murmur2(bytes('21'))).toBe(-973932308);
    expect(murmur2(bytes('foobar'))).toBe(-790332482);
    expect(murmur2(bytes('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(bytes('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(bytes('abc'))).toBe(479470107);
  });

  it("agrees with kafkajs's default partitioner", () => {
    for (const n of [1, 3, 4, 7, 12]) {
      for (let i = 0; i < 200; i++) {
        expect(defaultPartition(`key-${i}`, n)).toBe(partitionForKey(`key-${i}`, n));
      }
    }
  });
});
