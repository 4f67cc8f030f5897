import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('configuration', () => {
  it('a malformed REDIS_URL stops the server with one line naming REDIS_URL', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, REDIS_URL: 'not a url', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/REDIS_URL: "not a url" is not a URL/);
  });

  it('names each bad variable', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ REDIS_URL: 'http://x:1' }, /^REDIS_URL: .*protocol http:/],
      [{ AMQP_URL: 'redis://x' }, /^AMQP_URL: /],
      [{ KAFKA_BROKERS: 'localhost' }, /^KAFKA_BROKERS: "localhost" is not host:port/],
      [{ PORT: '70000' }, /^PORT: /],
      [{ HOST: '0.0.0.0' }, /^TRAINER_TOKEN: required when HOST/],
      [{ MAX_RUNS: '0' }, /^MAX_RUNS: /],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('takes the defaults of DESIGN.md', () => {
    expect(loadConfig({})).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      kafkaBrokers: ['127.0.0.1:9092'],
      host: '127.0.0.1',
      port: 3000,
      maxRuns: 4,
    });
    expect(loadConfig({ KAFKA_BROKERS: 'a:1, b:2' }).kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(loadConfig({ HOST: '0.0.0.0', TRAINER_TOKEN: 's3cret' }).trainerToken).toBe('s3cret');
  });
});
