// Tests for playground-server/src/brokers/kafka-version.ts (kept here, with the broker it
// needs, because the launcher is what guarantees that broker is up).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../playground-server/src/config.ts';
import {
  decodeApiVersionsResponse,
  encodeApiVersionsRequest,
  metadataVersionName,
  probeKafkaVersion,
} from '../../playground-server/src/brokers/kafka-version.ts';
import { freePort } from './test-helpers.ts';

const broker = loadConfig().kafkaBrokers[0] ?? '127.0.0.1:9092';

describe('probeKafkaVersion', () => {
  it('reads a 4.x version from the live broker', async () => {
    const v = await probeKafkaVersion(broker, 5_000);
    expect(v.version).toMatch(/^4\.\d+$/);
    expect(v.metadataVersion).toMatch(new RegExp(`^${v.version.replace('.', '\\.')}-IV\\d+$`));
    expect(v.latencyMs).toBeGreaterThan(0);
    expect(v.latencyMs).toBeLessThan(5_000);
  });

  it('fails fast and clearly when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(probeKafkaVersion(`127.0.0.1:${port}`, 5_000)).rejects.toThrow(
      `connection refused at 127.0.0.1:${port}`,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects an address that is not host:port', async () => {
    await expect(probeKafkaVersion('localhost', 1_000)).rejects.toThrow('not host:port');
  });
});

describe('metadata.version levels', () => {
  it('maps levels to the MetadataVersion names of Apache Kafka', () => {
    expect(metadataVersionName(1)).toBe('3.0-IV1');
    expect(metadataVersionName(7)).toBe('3.3-IV3');
    expect(metadataVersionName(21)).toBe('3.9-IV0');
    expect(metadataVersionName(25)).toBe('4.0-IV3');
    expect(metadataVersionName(27)).toBe('4.1-IV1');
    expect(metadataVersionName(0)).toBeUndefined();
    expect(metadataVersionName(999)).toBeUndefined();
  });
});

describe('ApiVersions wire format', () => {
  it('encodes a size-prefixed v3 request with header v2', () => {
    const req = encodeApiVersionsRequest(7);
    expect(req.readInt32BE(0)).toBe(req.length - 4);
    expect(req.readInt16BE(4)).toBe(18); // ApiVersions
    expect(req.readInt16BE(6)).toBe(3);
    expect(req.readInt32BE(8)).toBe(7);
  });

  it('decodes the finalized features from the tagged fields', () => {
    const name = Buffer.from('metadata.version');
    const feature = Buffer.concat([
      Buffer.from([2]), // compact array of 1
      Buffer.from([name.length + 1]),
      name,
      Buffer.from([0, 27, 0, 27, 0]), // max 27, min 27, no tags
    ]);
    const frame = Buffer.concat([
      Buffer.from([0, 0, 0, 7]), // correlation id
      Buffer.from([0, 0]), // error code
      Buffer.from([2, 0, 18, 0, 0, 0, 4, 0]), // one api key: 18, v0-4, no tags
      Buffer.from([0, 0, 0, 0]), // throttle
      Buffer.from([1, 2, feature.length]), // one tagged field: tag 2
      feature,
    ]);
    const res = decodeApiVersionsResponse(frame, 7);
    expect(res.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 4 }]);
    expect(res.finalizedFeatures.get('metadata.version')).toEqual({ minLevel: 27, maxLevel: 27 });
  });
});
