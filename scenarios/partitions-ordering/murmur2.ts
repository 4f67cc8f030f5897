// Kafka's default partitioner for keyed records, written from the Java client
// (org.apache.kafka.common.utils.Utils.murmur2 and toPositive): the checks compute where each
// key belongs with this, independently of the kafkajs partitioner that placed the records.

/** murmur2 of the bytes, as a signed 32-bit integer, exactly as the Java client computes it. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const byte = (i: number): number => (data[i] ?? 0) & 0xff;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  // The Java switch falls through: 3 bytes left takes all three lines.
  const left = length % 4;
  if (left >= 3) h ^= byte(whole + 2) << 16;
  if (left >= 2) h ^= byte(whole + 1) << 8;
  if (left >= 1) {
    h ^= byte(whole);
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition the Java client's default partitioner gives a key: toPositive(murmur2) % n. */
export function defaultPartition(key: string, partitions: number): number {
  return (murmur2(new TextEncoder().encode(key)) & 0x7fffffff) % partitions;
}
