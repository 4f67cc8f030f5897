// The quorum queue's cluster variant: three RabbitMQ nodes of the comparison's own
// (infrastructure/launcher/private/clusters), so each queue is a Raft group of three and a
// confirm waits for a majority of two. Started before setup, killed after teardown, however the
// target's run ends.
import { RunInstances } from '../../../../infrastructure/launcher/private/index.ts';
import {
  planRabbitmqCluster,
  startRabbitmqNodes,
} from '../../../../infrastructure/launcher/private/clusters/rabbitmq-cluster.ts';
import type { Target, TargetEnvironment, TargetPlan } from '../target.ts';
import type { Workload } from '../workload.ts';
import { rabbitTarget } from './rabbitmq-common.ts';
import { quorumPlan } from './rabbitmq-quorum.ts';

const NODES = 3;

export function quorumClusterPlan(w: Workload): TargetPlan {
  const single = quorumPlan(w);
  const mapping = single.mapping.map((line) =>
    line.replace('here the majority is this one node', 'here a majority is two of the three nodes'),
  );
  mapping.push(
    `every queue → a Raft group on all ${NODES} nodes of the run’s own cluster; clients connect to node 1`,
  );
  const cannot = single.cannot.filter((line) => !line.startsWith('acks all vs leader'));
  return { ...single, mapping, cannot };
}

async function environment(
  comparisonId: string,
  progress: (message: string) => void,
): Promise<TargetEnvironment> {
  const instances = new RunInstances(`lab-${comparisonId}-rabbitmq`);
  try {
    const plan = await planRabbitmqCluster(NODES);
    const { processes } = await startRabbitmqNodes(instances, plan, progress);
    const [first] = plan.nodes;
    if (!first) throw new Error('a cluster needs a node');
    return {
      addresses: { amqpUrl: `amqp://guest:guest@127.0.0.1:${first.amqpPort}` },
      processes: processes.map((proc, i) => ({
        name: `rabbitmq-${i + 1} (beam.smp)`,
        pid: proc.pid,
      })),
      close: () => instances.closeAll(),
    };
  } catch (error) {
    await instances.closeAll();
    throw error;
  }
}

export const rabbitmqQuorumCluster: Target = {
  ...rabbitTarget(
    'rabbitmq-quorum-cluster',
    'quorum',
    'RabbitMQ quorum queues, three nodes',
    quorumClusterPlan,
  ),
  environment,
};
