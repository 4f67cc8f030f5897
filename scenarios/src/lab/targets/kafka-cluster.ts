// Kafka's cluster variant: the same target on three KRaft nodes of the comparison's own
// (infrastructure/launcher/private/clusters), replication factor 3 and min.insync.replicas=2, so
// acks=all waits for a follower and the durable workload shows what replication costs. Started
// before setup, killed after teardown, however the target's run ends.
import { RunInstances } from '../../../../infrastructure/launcher/private/index.ts';
import {
  planKafkaCluster,
  startKafkaNodes,
} from '../../../../infrastructure/launcher/private/clusters/kafka-cluster.ts';
import type { Target, TargetEnvironment, TargetPlan } from '../target.ts';
import type { Workload } from '../workload.ts';
import { kafkaPlan, kafkaTarget } from './kafka.ts';

export function kafkaClusterPlan(w: Workload): TargetPlan {
  const single = kafkaPlan(w);
  const mapping = single.mapping.map((line) =>
    line.replace(
      'replication factor 1 (one broker)',
      'replication factor 3 on three KRaft nodes of the run’s own, min.insync.replicas=2',
    ),
  );
  if (w.durability.acks === 'all') {
    mapping.push('acks=all → the leader answers once a second in-sync replica has the batch');
  }
  // On three nodes acks=all means what it says: that line of the single broker's plan goes.
  const cannot = single.cannot.filter((line) => !line.startsWith('acks=all waits'));
  return { ...single, mapping, cannot };
}

async function environment(
  comparisonId: string,
  progress: (message: string) => void,
): Promise<TargetEnvironment> {
  const instances = new RunInstances(`lab-${comparisonId}-kafka`);
  try {
    // No links here: each node advertises its own port.
    const plan = await planKafkaCluster({
      advertise: async (_id, address) => Number(address.slice(address.lastIndexOf(':') + 1)),
    });
    progress('starting three KRaft nodes');
    const nodes = await startKafkaNodes(instances, plan);
    progress('three KRaft nodes up');
    return {
      addresses: { kafkaBrokers: plan.nodes.map((n) => `127.0.0.1:${n.clientPort}`) },
      processes: nodes.map((proc, i) => ({ name: `kafka-${i + 1} (java)`, pid: proc.pid })),
      close: () => instances.closeAll(),
    };
  } catch (error) {
    await instances.closeAll();
    throw error;
  }
}

export const kafkaClusterTarget: Target = {
  ...kafkaTarget,
  id: 'kafka-cluster',
  title: 'Kafka, three KRaft nodes (RF 3, min ISR 2)',
  plan: kafkaClusterPlan,
  environment,
};
