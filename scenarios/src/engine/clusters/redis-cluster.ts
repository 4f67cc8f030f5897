// Starts the redis-cluster a run asked for (not written yet).
import type { RedisClusterSettings, RedisClusterHandle } from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';

export function startRedisCluster(
  _ctx: ClusterStartContext,
  _settings: RedisClusterSettings,
): Promise<RedisClusterHandle> {
  return Promise.reject(new Error('redis-cluster: not implemented yet'));
}
