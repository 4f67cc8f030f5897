// The clusters' configs: every address a node hands out is its link's, and a config a node
// rewrote (a failover) survives its restart.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clusterNodeKind,
  clusterNodeLines,
  sentinelDataNodeLines,
  sentinelKind,
  sentinelLines,
} from './redis-nodes.ts';

const value = (lines: readonly (readonly [string, string])[], directive: string): string[] =>
  lines.filter(([d]) => d === directive).map(([, v]) => v);

describe('Sentinel set configs', () => {
  it('a data node announces its link; only a replica names a primary, by the primary’s link', () => {
    const primary = sentinelDataNodeLines({ announcePort: 41001 });
    expect(value(primary, 'replica-announce-port')).toEqual(['41001']);
    expect(value(primary, 'replicaof')).toEqual([]);
    const replica = sentinelDataNodeLines({
      announcePort: 41002,
      replicaOfPort: 41001,
      config: { 'min-replicas-to-write': 1 },
    });
    expect(value(replica, 'replicaof')).toEqual(['127.0.0.1 41001']);
    expect(value(replica, 'min-replicas-to-write')).toEqual(['1']);
  });

  it('a Sentinel monitors the primary’s link with the quorum and announces its own link', () => {
    const lines = sentinelLines({
      masterName: 'pg',
      primaryPort: 41001,
      quorum: 2,
      announcePort: 42001,
      downAfterMs: 1000,
      failoverTimeoutMs: 3000,
    });
    expect(value(lines, 'sentinel')).toEqual([
      'monitor pg 127.0.0.1 41001 2',
      'down-after-milliseconds pg 1000',
      'failover-timeout pg 3000',
      'parallel-syncs pg 1',
      'announce-ip 127.0.0.1',
      'announce-port 42001',
    ]);
  });
});

describe('Redis Cluster node config', () => {
  const place = { dir: '/x', port: 60000, extraPorts: [33000] };

  it('announces its link for clients and its real bus port, set explicitly (60000 + 10000 is no port)', () => {
    const lines = clusterNodeLines(place, { announcePort: 41005, nodeTimeoutMs: 1000 });
    expect(value(lines, 'cluster-enabled')).toEqual(['yes']);
    expect(value(lines, 'cluster-announce-ip')).toEqual(['127.0.0.1']);
    expect(value(lines, 'cluster-announce-port')).toEqual(['41005']);
    expect(value(lines, 'cluster-port')).toEqual(['33000']);
    expect(value(lines, 'cluster-announce-bus-port')).toEqual(['33000']);
    expect(value(lines, 'cluster-node-timeout')).toEqual(['1000']);
  });

  it('needs a bus port', () => {
    expect(() =>
      clusterNodeLines({ ...place, extraPorts: [] }, { announcePort: 1, nodeTimeoutMs: 1 }),
    ).toThrow(/bus port/);
    expect(clusterNodeKind({ announcePort: 1, nodeTimeoutMs: 1 }).extraPorts).toBe(1);
  });
});

describe('config files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are written once, so what Redis or Sentinel rewrote survives a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-nodes-'));
    const kind = sentinelKind({
      masterName: 'pg',
      primaryPort: 41001,
      quorum: 2,
      announcePort: 42001,
      downAfterMs: 1000,
      failoverTimeoutMs: 3000,
    });
    const place = { dir, port: 42000, extraPorts: [] };
    await kind.prepare?.(place, 'redis-server');
    const file = join(dir, 'redis.conf');
    expect(readFileSync(file, 'utf8')).toContain('sentinel monitor pg 127.0.0.1 41001 2');
    writeFileSync(file, 'sentinel monitor pg 127.0.0.1 41003 2\n');
    await kind.prepare?.(place, 'redis-server');
    expect(readFileSync(file, 'utf8')).toBe('sentinel monitor pg 127.0.0.1 41003 2\n');
    expect(kind.args(place)).toEqual([file, '--sentinel']);
  });
});
