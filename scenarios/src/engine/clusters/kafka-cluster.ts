// Starts the kafka-cluster a run asked for (not written yet).
import type { KafkaClusterSettings, KafkaCluster } from '../../sdk/index.ts';
import type { ClusterStartContext } from './cluster-context.ts';

export function startKafkaCluster(
  _ctx: ClusterStartContext,
  _settings: KafkaClusterSettings,
): Promise<KafkaCluster> {
  return Promise.reject(new Error('kafka-cluster: not implemented yet'));
}
