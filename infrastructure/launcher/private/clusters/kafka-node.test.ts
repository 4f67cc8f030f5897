// A node's server.properties and the cluster's port plan, without starting a JVM: the scenario's
// live test starts the real cluster.
import { describe, expect, it } from 'vitest';
import { CLUSTER_DEFAULTS, kafkaClusterNodeProperties, quorumVoters } from './kafka-node.ts';
import type { KafkaClusterPlan } from './kafka-node.ts';
import { planKafkaCluster } from './kafka-cluster.ts';

const plan: KafkaClusterPlan = {
  clusterId: 'AAAAAAAAAAAAAAAAAAAAAA',
  nodes: [1, 2, 3].map((id) => ({
    id,
    clientPort: 10_000 + id,
    advertisedPort: 20_000 + id,
    internalPort: 30_000 + id,
    controllerPort: 40_000 + id,
  })),
};

function parse(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as [string, string];
      }),
  );
}

describe('a cluster node’s server.properties', () => {
  const props = parse(kafkaClusterNodeProperties(plan, 2, '/data/kafka-2'));

  it('names every voter by its controller port, the same line on every node', () => {
    expect(props.get('controller.quorum.voters')).toBe(
      '1@127.0.0.1:40001,2@127.0.0.1:40002,3@127.0.0.1:40003',
    );
    expect(parse(kafkaClusterNodeProperties(plan, 3, '/d')).get('controller.quorum.voters')).toBe(
      quorumVoters(plan),
    );
    expect(props.get('node.id')).toBe('2');
    expect(props.get('process.roles')).toBe('broker,controller');
  });

  it('listens for clients on its own port and advertises its link’s, replication staying direct', () => {
    expect(props.get('listeners')).toBe(
      'CLIENT://127.0.0.1:10002,INTERNAL://127.0.0.1:30002,CONTROLLER://127.0.0.1:40002',
    );
    expect(props.get('advertised.listeners')).toBe(
      'CLIENT://127.0.0.1:20002,INTERNAL://127.0.0.1:30002',
    );
    expect(props.get('inter.broker.listener.name')).toBe('INTERNAL');
    expect(props.get('log.dirs')).toBe('/data/kafka-2');
  });

  it('replicates three ways with two in sync required, internal topics included', () => {
    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
    expect(Number(props.get('broker.session.timeout.ms'))).toBeLessThan(9_000);
  });

  it('takes the settings a run asks for over the defaults, and each key once', () => {
    const text = kafkaClusterNodeProperties(
      { ...plan, config: { 'min.insync.replicas': 3, 'replica.fetch.wait.max.ms': 800 } },
      1,
      '/d',
    );
    const overridden = parse(text);
    expect(overridden.get('min.insync.replicas')).toBe('3');
    expect(overridden.get('replica.fetch.wait.max.ms')).toBe('800');
    expect(text.match(/^min\.insync\.replicas=/gm)).toHaveLength(1);
    expect(CLUSTER_DEFAULTS['min.insync.replicas']).toBe(2);
  });

  it('refuses a node the plan does not have', () => {
    expect(() => kafkaClusterNodeProperties(plan, 4, '/d')).toThrow(/no node 4/);
  });
});

describe('the cluster’s port plan', () => {
  it('gives every node distinct ports, advertising what the link handed back', async () => {
    const links = new Map<number, string>();
    const planned = await planKafkaCluster({
      advertise: (id, upstream) => {
        links.set(id, upstream);
        return Promise.resolve(50_000 + id);
      },
    });
    expect(planned.nodes.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(planned.nodes.map((n) => n.advertisedPort)).toEqual([50_001, 50_002, 50_003]);
    for (const n of planned.nodes) expect(links.get(n.id)).toBe(`127.0.0.1:${n.clientPort}`);
    const ports = planned.nodes.flatMap((n) => [
      n.clientPort,
      n.advertisedPort,
      n.internalPort,
      n.controllerPort,
    ]);
    expect(new Set(ports).size).toBe(12);
    expect(planned.clusterId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('stops when a link took a port chosen for a node', async () => {
    const clientPorts: number[] = [];
    await expect(
      planKafkaCluster({
        advertise: (_id, upstream) => {
          clientPorts.push(Number(upstream.split(':')[1]));
          return Promise.resolve(clientPorts[0] ?? 0);
        },
      }),
    ).rejects.toThrow(/took a port/);
  });
});
