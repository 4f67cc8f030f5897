// Config generation for a cluster's nodes and the readings of rabbitmqctl it relies on; the
// nodes themselves are started by the rabbitmq-quorum scenario's live test.
import { describe, expect, it } from 'vitest';
import { rabbitmqNodeConfig } from '../rabbitmq.ts';
import { clusterNodeConfig, planRabbitmqCluster, runningNodes } from './rabbitmq-cluster.ts';

describe('a RabbitMQ cluster plan', () => {
  it('gives each node its own ports and node name, and all of them one cookie', async () => {
    const plan = await planRabbitmqCluster(3);
    const ports = plan.nodes.flatMap((n) => [n.amqpPort, n.distPort, n.managementPort]);
    expect(new Set(ports).size).toBe(9);
    expect(plan.nodes.map((n) => n.name)).toEqual(['rabbitmq-1', 'rabbitmq-2', 'rabbitmq-3']);
    for (const node of plan.nodes) {
      expect(node.nodeName).toBe(`playground-private-${node.amqpPort}@localhost`);
    }
    expect(plan.cookie).toMatch(/^[0-9A-F]{40}$/);
    expect((await planRabbitmqCluster(3)).cookie).not.toBe(plan.cookie);
  });

  it('lists every peer for classic peer discovery, and nothing of it when nodes join by hand', async () => {
    const plan = await planRabbitmqCluster(3, { formation: 'classic-config' });
    const config = clusterNodeConfig(plan);
    expect(config['cluster_formation.peer_discovery_backend']).toBe('classic_config');
    expect([1, 2, 3].map((i) => config[`cluster_formation.classic_config.nodes.${i}`])).toEqual(
      plan.nodes.map((n) => n.nodeName),
    );
    const joined = clusterNodeConfig({ ...plan, formation: 'join' });
    expect(Object.keys(joined).some((k) => k.startsWith('cluster_formation'))).toBe(false);

    // The lines land in the node's rabbitmq.conf next to its own listener.
    const [first] = plan.nodes;
    const conf = rabbitmqNodeConfig(
      { dir: '/x', port: first!.amqpPort, extraPorts: [first!.distPort, first!.managementPort] },
      { management: false, config },
    );
    expect(conf).toContain(`listeners.tcp.local = 127.0.0.1:${first!.amqpPort}\n`);
    expect(conf).toContain(
      `cluster_formation.classic_config.nodes.2 = ${plan.nodes[1]!.nodeName}\n`,
    );
    expect(conf).not.toContain('management.tcp');
  });

  it('reads the running nodes from cluster_status', () => {
    const json = JSON.stringify({
      disk_nodes: ['a@localhost', 'b@localhost', 'c@localhost'],
      running_nodes: ['a@localhost', 'c@localhost'],
    });
    expect(runningNodes(json)).toEqual(['a@localhost', 'c@localhost']);
    expect(runningNodes('{}')).toEqual([]);
  });
});
