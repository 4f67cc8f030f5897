// Starts the redis-sentinel a run asked for (not written yet).
import type { RedisSentinelSettings, RedisSentinelCluster } from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';

export function startRedisSentinel(
  _ctx: ClusterStartContext,
  _settings: RedisSentinelSettings,
): Promise<RedisSentinelCluster> {
  return Promise.reject(new Error('redis-sentinel: not implemented yet'));
}
