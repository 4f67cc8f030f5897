import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const scenario = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });

describe('npm run scenario', () => {
  it('runs a scenario headless, prints summary and checks, writes the JSON report, exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-cli-'));
    try {
      const report = join(dir, 'report.json');
      const result = scenario(
        'rate-limiting',
        '--param',
        'requestsPerSec=100',
        '--duration',
        '2',
        '--json',
        report,
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/completed/);
      expect(result.stdout).toMatch(/allowed\.fixed-window\s+\d+/);
      expect(result.stdout).toMatch(/✔ /);
      const json = JSON.parse(readFileSync(report, 'utf8')) as {
        state: string;
        params: { requestsPerSec: number };
        frames: unknown[];
      };
      expect(json.state).toBe('completed');
      expect(json.params.requestsPerSec).toBe(100);
      expect(json.frames.length).toBeGreaterThan(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for an unknown scenario, listing the valid ones', () => {
    const result = scenario('no-such-scenario');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /unknown scenario "no-such-scenario"; valid: .*cache-aside.*fanout/,
    );
  });

  it('exits 2 for a bad or unknown param, listing the valid ones', () => {
    const bad = scenario('cache-aside', '--param', 'ttlSec=-3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/params\.ttlSec must be >= /);
    expect(bad.stderr).toMatch(/readsPerSec:/);
    const unknown = scenario('cache-aside', '--param', 'speed=9');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/speed is not a param/);
    expect(scenario('cache-aside', '--duration', '0').status).toBe(2);
    expect(scenario('cache-aside', '--param', 'nonsense').status).toBe(2);
  });

  it('exits 1 when a broker the scenario needs is missing', () => {
    const missing = spawnSync(
      process.execPath,
      ['--import', 'tsx', cli, 'consumer-group-lag', '--duration', '1'],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:9' },
      },
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/kafka is not reachable at 127\.0\.0\.1:9/);
  });
});
