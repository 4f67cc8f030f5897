// Starts the rabbitmq-cluster a run asked for (not written yet).
import type { RabbitmqClusterSettings, RabbitmqCluster } from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';

export function startRabbitmqCluster(
  _ctx: ClusterStartContext,
  _settings: RabbitmqClusterSettings,
): Promise<RabbitmqCluster> {
  return Promise.reject(new Error('rabbitmq-cluster: not implemented yet'));
}
